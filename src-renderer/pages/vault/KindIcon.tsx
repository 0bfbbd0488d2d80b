import type { VaultItemKind } from '../../../src-shared/domain/vault.js';
import {
  FileIcon,
  FolderIcon,
  type IconComponent,
  ModelPartIcon,
  NoteIcon,
  SecretIcon,
} from '../../components/icons.js';

const KIND_ICONS: Record<VaultItemKind, IconComponent> = {
  file: FileIcon,
  folder: FolderIcon,
  note: NoteIcon,
  secret: SecretIcon,
  'model-part': ModelPartIcon,
};

export function KindIcon({ kind, size }: { kind: VaultItemKind; size?: number }) {
  const C = KIND_ICONS[kind];
  return <C size={size} />;
}
