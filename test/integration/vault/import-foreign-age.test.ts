// VaultItems.importForeignAge: an age file made for another key (a bought asset, opened with the key its
// seller delivered) sealed into the vault in one pass on the file worker, committed only once the
// caller accepts the plaintext's sha256 — what the market's receiver runs on a download.
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { encrypt, generateIdentity } from '../../../src-main/vault/age/index.js';
import { VaultError } from '../../../src-main/vault/errors.js';
import { tempDir } from '../../support/tmp.js';
import { openTestVault } from '../../support/vault.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function readAll(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c);
  return Buffer.concat(parts);
}

async function setUp() {
  const dir = tempDir();
  const t = openTestVault(dir);
  await t.vault.create('foreign age passphrase, long enough');
  const asset = generateIdentity();
  // Past one 2 MiB batch of the worker and not a multiple of the 64 KiB chunk.
  const plain = randomBytes(2 * 1024 * 1024 + 70_001);
  const file = join(dir, 'asset.age');
  writeFileSync(file, await encrypt([asset.recipient()], plain));
  const leftovers = () => readdirSync(join(dir, 'vault', 'tmp'));
  return { t, asset, plain, file, leftovers };
}

describe('importing an age file made for another key', () => {
  test('one pass seals it into the vault; accept sees the sha256 and size before anything is committed', async () => {
    const { t, asset, plain, file, leftovers } = await setUp();
    try {
      const seen: { sha256: string; size: number; items: number }[] = [];
      const item = await t.vault.items.importForeignAge(
        file,
        asset.exportSecret(),
        'wells.csv',
        ['licensed'],
        'job-1',
        (f) => {
          seen.push({ ...f, items: t.vault.items.list(null).length });
        },
      );
      expect(seen).toEqual([{ sha256: sha(plain), size: plain.length, items: 0 }]);
      expect(item).toMatchObject({ name: 'wells.csv', tags: ['licensed'], size: plain.length });
      const got = await readAll((await t.vault.items.openPlaintext(item.id)).stream);
      expect(got.equals(plain)).toBe(true);
      expect(t.vault.items.list(null).map((i) => i.id)).toEqual([item.id]);
      expect(leftovers()).toEqual([]);
    } finally {
      t.close();
    }
  });

  test('accept refusing adds nothing, leaves no sealed copy and throws its own error', async () => {
    const { t, asset, file, leftovers } = await setUp();
    try {
      class NotTheAsset extends Error {}
      await expect(
        t.vault.items.importForeignAge(file, asset.exportSecret(), 'x', [], 'job-2', () => {
          throw new NotTheAsset('the decrypted asset is not the one registered');
        }),
      ).rejects.toBeInstanceOf(NotTheAsset);
      expect(t.vault.items.list(null)).toEqual([]);
      expect(leftovers()).toEqual([]);
    } finally {
      t.close();
    }
  });

  test('a file for another key, or damaged part-way, is a BAD_REQUEST in a sentence; nothing added', async () => {
    const { t, file, leftovers } = await setUp();
    try {
      const accept = () => {
        throw new Error('accept must not be reached');
      };
      const wrongKey = t.vault.items.importForeignAge(
        file,
        generateIdentity().exportSecret(),
        'x',
        [],
        'j',
        accept,
      );
      await expect(wrongKey).rejects.toBeInstanceOf(VaultError);
      await expect(wrongKey).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: 'The age file does not open with its key, or is damaged',
      });

      const key = generateIdentity();
      const damaged = join(tempDir(), 'damaged.age');
      const bytes = await encrypt([key.recipient()], randomBytes(3 * 1024 * 1024));
      bytes[bytes.length - 100_000]! ^= 1; // in the payload, past the first batch
      writeFileSync(damaged, bytes);
      await expect(
        t.vault.items.importForeignAge(damaged, key.exportSecret(), 'x', [], 'j', accept),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      expect(readFileSync(damaged).length).toBe(bytes.length); // the evidence is left as it was
      expect(t.vault.items.list(null)).toEqual([]);
      expect(leftovers()).toEqual([]);
    } finally {
      t.close();
    }
  });
});
