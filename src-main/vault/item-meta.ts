import { extname } from 'node:path';
import { z } from 'zod';
import { VaultItem } from '../../src-shared/domain/vault.js';
import { open, seal } from './aead.js';
import { VaultError } from './errors.js';

/** What is sealed in a row's `meta`: the item minus its id, which is bound as associated data. */
export const ItemMeta = VaultItem.omit({ id: true });
export type ItemMeta = z.infer<typeof ItemMeta>;

const ad = (id: string) => `sahel-vault/item-meta/1/${id}`;

/**
 * The sealed record also pins the item's blob: the sha256 of its age header (see blob-binding.ts).
 * Rows written before the binding existed have none until their first verified read records it.
 */
const SealedMeta = ItemMeta.extend({
  blobHeader: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable()
    .optional(),
});

export interface OpenedMeta {
  meta: ItemMeta;
  blobHeader: string | null;
}

export function sealMeta(key: Uint8Array, id: string, meta: ItemMeta, blobHeader: string | null): Buffer {
  const record = { ...ItemMeta.parse(meta), blobHeader };
  return seal(key, Buffer.from(JSON.stringify(record)), ad(id));
}

export function openMeta(key: Uint8Array, id: string, sealed: Uint8Array): OpenedMeta {
  const plain = open(key, sealed, ad(id));
  if (!plain) throw new VaultError('CORRUPT', `Item ${id}'s metadata failed authentication`, id);
  let json: unknown;
  try {
    json = JSON.parse(plain.toString('utf8'));
  } catch {
    json = undefined;
  }
  const parsed = SealedMeta.safeParse(json);
  if (!parsed.success) throw new VaultError('CORRUPT', `Item ${id}'s metadata is malformed`, id);
  const { blobHeader, ...meta } = parsed.data;
  return { meta, blobHeader: blobHeader ?? null };
}

const MIME: Record<string, string> = {
  '.txt': 'text/plain',
  '.md': 'text/markdown',
  '.csv': 'text/csv',
  '.tsv': 'text/tab-separated-values',
  '.json': 'application/json',
  '.jsonl': 'application/jsonl',
  '.yaml': 'text/yaml',
  '.yml': 'text/yaml',
  '.xml': 'application/xml',
  '.html': 'text/html',
  '.log': 'text/plain',
  '.py': 'text/x-python',
  '.ts': 'text/typescript',
  '.js': 'text/javascript',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.pdf': 'application/pdf',
  '.gguf': 'application/x-gguf',
  '.safetensors': 'application/x-safetensors',
};

export function mimeFor(name: string): string | null {
  return MIME[extname(name).toLowerCase()] ?? null;
}

/** Text worth indexing and previewing as text. */
export function isTextual(mime: string | null): boolean {
  return (
    mime !== null &&
    (mime.startsWith('text/') || ['application/json', 'application/jsonl', 'application/xml'].includes(mime))
  );
}

export const PREVIEWABLE_IMAGES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
