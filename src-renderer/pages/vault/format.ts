import type { VaultItemKind } from '../../../src-shared/domain/vault.js';

export const KIND_LABELS: Record<VaultItemKind, string> = {
  file: 'File',
  folder: 'Folder',
  note: 'Note',
  secret: 'Secret',
  'model-part': 'Model part',
};

/** "a, b ,, c" → ['a', 'b', 'c'], without duplicates. */
export function parseTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ];
}
