import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { VaultItem } from '../../../src-shared/domain/vault.js';
import { SahelError } from '../../../src-shared/errors.js';

/** What publishing reads of the vault for a folder: its children, and each file's bytes. */
export interface FolderSource {
  list(parentId: string | null): VaultItem[];
  openPlaintext(id: string): Promise<{ stream: Readable }>;
}

/** A file of the folder, by its path inside it ("sub/file.csv"). */
interface Entry {
  path: string;
  item: VaultItem;
}

const BLOCK = 512;
/** Nested deeper than this is refused rather than walked (the vault's own limit is lower). */
const MAX_DEPTH = 64;

/**
 * The files of a vault folder, with paths relative to it, sorted by their UTF-8 bytes: the order, like
 * every header field below, depends only on the names and the bytes, so the same folder packs to the
 * same tar — the same contentHash — on any machine and at any time.
 */
export function folderEntries(source: FolderSource, folder: VaultItem): Entry[] {
  const out: Entry[] = [];
  const walk = (parentId: string, prefix: string, depth: number) => {
    if (depth > MAX_DEPTH)
      throw new SahelError('BAD_INPUT', `${folder.name} is nested too deeply to publish`);
    for (const child of source.list(parentId)) {
      const path = `${prefix}${child.name}`;
      if (child.kind === 'folder') walk(child.id, `${path}/`, depth + 1);
      else out.push({ path, item: child });
    }
  };
  walk(folder.id, '', 0);
  if (out.length === 0) throw new SahelError('BAD_INPUT', `${folder.name} holds no files to publish`);
  return out.sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
}

/** A ustar header for a regular file: mode 0644, owner 0, time 0 (the Unix epoch), no user names. */
function header(path: string, size: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  const bytes = Buffer.from(path, 'utf8');
  let name = bytes;
  let prefix = Buffer.alloc(0);
  if (bytes.length > 100) {
    // Split at a slash: up to 155 bytes of directories in `prefix`, the rest (≤ 100) in `name`.
    const cut = bytes.lastIndexOf(0x2f, 155);
    if (cut <= 0 || bytes.length - cut - 1 > 100) {
      throw new SahelError(
        'BAD_INPUT',
        `The path ${path} is too long to publish in a folder (tar's 255 bytes)`,
      );
    }
    prefix = bytes.subarray(0, cut);
    name = bytes.subarray(cut + 1);
  }
  const octal = (value: number, width: number) => `${value.toString(8).padStart(width - 1, '0')}\0`;
  name.copy(h, 0);
  h.write(octal(0o644, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(0, 12), 136, 'ascii');
  h.write('        ', 148, 'ascii'); // the checksum counts its own field as spaces
  h.write('0', 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  prefix.copy(h, 345);
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

/**
 * The folder as one ustar archive, streamed: each file's header, its plaintext straight from the vault
 * (checked against the size the vault recorded), zero padding to 512 bytes, and two zero blocks at the
 * end. Nothing is written to disk. Its size is known before the first byte.
 */
export function packFolder(
  source: FolderSource,
  entries: readonly Entry[],
): { stream: Readable; size: number } {
  for (const e of entries) header(e.path, e.item.size); // refuse a bad path before streaming anything
  const size = entries.reduce((n, e) => n + BLOCK + Math.ceil(e.item.size / BLOCK) * BLOCK, 0) + 2 * BLOCK;
  async function* chunks(): AsyncGenerator<Buffer> {
    for (const { path, item } of entries) {
      yield header(path, item.size);
      let got = 0;
      for await (const chunk of (await source.openPlaintext(item.id)).stream) {
        got += (chunk as Buffer).length;
        if (got > item.size) break;
        yield chunk as Buffer;
      }
      if (got !== item.size) {
        throw new SahelError('CONFLICT', `${path} changed while it was packed: publish again`);
      }
      const pad = (BLOCK - (item.size % BLOCK)) % BLOCK;
      if (pad > 0) yield Buffer.alloc(pad);
    }
    yield Buffer.alloc(2 * BLOCK);
  }
  return { stream: Readable.from(chunks()), size };
}

/**
 * What publishing item `item` means: a file's or a note's bytes as they are, or a folder's files packed
 * as one tar (`<folder>.tar`, application/x-tar). Hashed here; opened again to encrypt.
 */
export async function publishedContent(
  source: FolderSource,
  item: VaultItem,
): Promise<{ sha256: `0x${string}`; size: number; format: string; name: string; open(): Promise<Readable> }> {
  let open: () => Promise<Readable>;
  let format: string;
  let name: string;
  if (item.kind === 'folder') {
    const entries = folderEntries(source, item);
    open = async () => packFolder(source, entries).stream;
    format = 'application/x-tar';
    name = `${item.name}.tar`;
  } else {
    open = async () => (await source.openPlaintext(item.id)).stream;
    format = item.mime ?? 'application/octet-stream';
    name = item.name;
  }
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of await open()) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: `0x${hash.digest('hex')}`, size, format, name, open };
}
