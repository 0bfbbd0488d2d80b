import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  type FolderSource,
  folderEntries,
  packFolder,
  publishedContent,
} from '../../../src-main/market/publish/folder-pack.js';
import type { VaultItem } from '../../../src-shared/domain/vault.js';
import { tempDir } from '../../support/tmp.js';

const item = (
  id: string,
  name: string,
  kind: VaultItem['kind'],
  parentId: string | null,
  size = 0,
): VaultItem => ({
  id,
  name,
  kind,
  tags: [],
  size,
  sha256: null,
  mime: null,
  parentId,
  created: '2026-12-07T00:00:00.000Z',
  updated: '2026-12-07T00:00:00.000Z',
  modelPart: null,
});

/** A vault folder in memory: "Wells" holding b.csv, a.txt (600 bytes: a second block) and sub/ž.md. */
function source(files: Record<string, Buffer>, items: VaultItem[]): FolderSource {
  return {
    list: (parentId) => items.filter((i) => i.parentId === parentId),
    openPlaintext: async (id) => ({ stream: Readable.from([files[id]!]) }),
  };
}

const files: Record<string, Buffer> = {
  b: Buffer.from('depth_m\n12\n'),
  a: Buffer.alloc(600, 'x'),
  z: Buffer.from('# Notes\nčšž\n'),
};
const items = [
  item('root', 'Wells', 'folder', null),
  item('b', 'b.csv', 'file', 'root', files.b!.length),
  item('a', 'a.txt', 'file', 'root', files.a!.length),
  item('sub', 'sub', 'folder', 'root'),
  item('z', 'ž.md', 'note', 'sub', files.z!.length),
];

const bytesOf = async (s: Readable) => {
  const parts: Buffer[] = [];
  for await (const c of s) parts.push(c as Buffer);
  return Buffer.concat(parts);
};

describe('publishing a folder as one tar', () => {
  it('packs the same bytes every time, which GNU tar lists and extracts to the same files', async () => {
    const src = source(files, items);
    const entries = folderEntries(src, items[0]!);
    expect(entries.map((e) => e.path)).toEqual(['a.txt', 'b.csv', 'sub/ž.md']);
    const packed = packFolder(src, entries);
    const tar = await bytesOf(packed.stream);
    expect(tar.length).toBe(packed.size);
    expect((await bytesOf(packFolder(src, entries).stream)).equals(tar)).toBe(true);

    const dir = tempDir();
    writeFileSync(join(dir, 'wells.tar'), tar);
    const listing = execFileSync('tar', ['--numeric-owner', '-tvf', join(dir, 'wells.tar')], {
      encoding: 'utf8',
    });
    expect(listing.trim().split('\n')).toEqual([
      expect.stringMatching(/^-rw-r--r-- 0\/0 +600 1970-01-01 00:00 a\.txt$/),
      expect.stringMatching(/^-rw-r--r-- 0\/0 +11 1970-01-01 00:00 b\.csv$/),
      expect.stringMatching(/^-rw-r--r-- 0\/0 +\d+ 1970-01-01 00:00 sub\/ž\.md$/),
    ]);
    execFileSync('tar', ['-xf', join(dir, 'wells.tar'), '-C', dir]);
    expect(readFileSync(join(dir, 'a.txt')).equals(files.a!)).toBe(true);
    expect(readFileSync(join(dir, 'b.csv')).equals(files.b!)).toBe(true);
    expect(readFileSync(join(dir, 'sub', 'ž.md')).equals(files.z!)).toBe(true);

    const content = await publishedContent(src, items[0]!);
    expect(content).toMatchObject({ size: tar.length, format: 'application/x-tar', name: 'Wells.tar' });
  });

  it('refuses an empty folder, a path tar cannot hold, and a file that changed while packed', async () => {
    const empty = [item('root', 'Empty', 'folder', null), item('sub', 'sub', 'folder', 'root')];
    expect(() => folderEntries(source({}, empty), empty[0]!)).toThrow(/Empty holds no files to publish/);

    const long = [item('root', 'L', 'folder', null), item('f', `${'n'.repeat(120)}.txt`, 'file', 'root', 1)];
    const longSrc = source({ f: Buffer.from('x') }, long);
    expect(() => packFolder(longSrc, folderEntries(longSrc, long[0]!))).toThrow(/too long to publish/);

    const lying = [item('root', 'W', 'folder', null), item('b', 'b.csv', 'file', 'root', 5)];
    const lyingSrc = source({ b: Buffer.from('more than five bytes') }, lying);
    await expect(bytesOf(packFolder(lyingSrc, folderEntries(lyingSrc, lying[0]!)).stream)).rejects.toThrow(
      /b\.csv changed while it was packed/,
    );
  });
});
