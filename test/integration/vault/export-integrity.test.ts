// `vault get` (VaultItems.exportFile) no longer hashes the decrypted file: the blob's header is bound
// to its sealed row and age's STREAM authenticates every chunk under the key that header carries.
// These tests damage a multi-block blob every way a disk or an attacker can, and check that each is
// still refused with DAMAGED, that nothing is left under the user's name or beside it, and that a
// blob swapped after the vault's own header check is refused by the worker.
import { execFileSync } from 'node:child_process';
import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import { appendFileSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bech32 } from '@scure/base';
import { describe, expect, it } from 'vitest';
import { VaultItemsRepo } from '../../../src-main/store/vault-items-repo.js';
import { generateIdentity } from '../../../src-main/vault/age/index.js';
import { headerDigest } from '../../../src-main/vault/blob-binding.js';
import { openMeta, sealMeta } from '../../../src-main/vault/item-meta.js';
import { decryptFileOffThread, encryptFileOffThread } from '../../../src-main/vault/worker/client.js';
import { AGE, haveAge } from '../../support/age-cli.js';
import { tempDir } from '../../support/tmp.js';
import { openTestVault } from '../../support/vault.js';

const PASS = 'export integrity 52 copper wrens';
const CHUNK = 64 * 1024;
const SEALED = CHUNK + 16;
const BLOCK = 32 * CHUNK;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A vault holding one imported file of 3 blocks and a bit, so damage can fall in any block. */
async function vaultWithFile() {
  const dir = tempDir();
  const src = tempDir();
  const t = openTestVault(dir);
  const { recipient } = await t.vault.create(PASS);
  const plain = randomBytes(3 * BLOCK + 12_345);
  writeFileSync(join(src, 'data.bin'), plain);
  const [item] = await t.vault.items.importPaths([join(src, 'data.bin')], [], null, 'j');
  const blob = join(dir, 'vault', 'blobs', new VaultItemsRepo(t.db).get(item!.id)!.blob!);
  const original = readFileSync(blob);
  const payloadStart = original.length - (plain.length + Math.ceil(plain.length / CHUNK) * 16);
  return { t, dir, id: item!.id, plain, blob, original, payloadStart, recipient: recipient! };
}

const damaged = (id: string) => ({ code: 'DAMAGED', item: id });

describe('vault get without a second hash of the output', () => {
  it('writes the file, answers the sealed sha256, and leaves no temp file', async () => {
    const v = await vaultWithFile();
    const outDir = tempDir();
    const out = join(outDir, 'out.bin');
    const res = await v.t.vault.items.exportFile(v.id, out, false);
    expect(res.sha256).toBe(sha(v.plain));
    expect(readFileSync(out).equals(v.plain)).toBe(true);
    expect(readdirSync(outDir)).toEqual(['out.bin']);
    v.t.close();
  });

  it.each([
    ['a flipped byte in the first chunk', (v: Blob) => flip(v, v.payloadStart + 10)],
    ['a flipped byte in a middle block', (v: Blob) => flip(v, v.payloadStart + 40 * SEALED + 7)],
    ['a flipped byte in the final chunk', (v: Blob) => flip(v, v.original.length - 5)],
    ['the blob cut at a chunk boundary', (v: Blob) => cut(v, v.payloadStart + 48 * SEALED)],
    ['the blob cut at a block boundary', (v: Blob) => cut(v, v.payloadStart + 32 * SEALED)],
    ['the blob cut inside a chunk', (v: Blob) => cut(v, v.payloadStart + 20 * SEALED + 100)],
    ['the last chunk dropped', (v: Blob) => cut(v, v.original.length - (12_345 + 16))],
    ['bytes after the final chunk', (v: Blob) => appendFileSync(v.blob, Buffer.alloc(SEALED, 1))],
    ['two chunks swapped', (v: Blob) => swapChunks(v, 3, 4)],
  ])('refuses %s with DAMAGED and writes nothing', async (_what, damage) => {
    const v = await vaultWithFile();
    damage(v);
    const outDir = tempDir();
    await expect(v.t.vault.items.exportFile(v.id, join(outDir, 'out.bin'), false)).rejects.toMatchObject(
      damaged(v.id),
    );
    expect(readdirSync(outDir)).toEqual([]);
    v.t.close();
  });

  it.skipIf(!haveAge)(
    'refuses a blob that age -r made anew for the vault, with the same content',
    async () => {
      const v = await vaultWithFile();
      const src = join(tempDir(), 'same.bin');
      writeFileSync(src, v.plain);
      execFileSync(AGE, ['-r', v.recipient, '-o', v.blob, src]);
      const outDir = tempDir();
      await expect(v.t.vault.items.exportFile(v.id, join(outDir, 'out.bin'), false)).rejects.toMatchObject(
        damaged(v.id),
      );
      expect(readdirSync(outDir)).toEqual([]);
      v.t.close();
    },
  );

  it('still hashes a row written before bindings, once, and binds it', async () => {
    const v = await vaultWithFile();
    const identity = await v.t.vault.exportIdentity(PASS);
    const secret = bech32.fromWords(
      bech32.decode(identity.toLowerCase() as `${string}1${string}`, 200).words,
    );
    const key = Buffer.from(hkdfSync('sha256', secret, 'sahel-vault', 'item-metadata/v1', 32));
    const repo = new VaultItemsRepo(v.t.db);
    const { meta } = openMeta(key, v.id, repo.get(v.id)!.meta);
    repo.updateMeta(
      v.id,
      sealMeta(key, v.id, { ...meta, sha256: sha(Buffer.from('not the content')) }, null),
    );
    v.t.vault.lock();
    await v.t.vault.unlock(PASS);
    // The plaintext does not match what the old row sealed: refused, and left unbound.
    const outDir = tempDir();
    await expect(v.t.vault.items.exportFile(v.id, join(outDir, 'out.bin'), false)).rejects.toMatchObject(
      damaged(v.id),
    );
    expect(readdirSync(outDir)).toEqual([]);
    expect(openMeta(key, v.id, repo.get(v.id)!.meta).blobHeader).toBeNull();

    repo.updateMeta(v.id, sealMeta(key, v.id, meta, null));
    v.t.vault.lock();
    await v.t.vault.unlock(PASS);
    const res = await v.t.vault.items.exportFile(v.id, join(outDir, 'out.bin'), false);
    expect(res.sha256).toBe(sha(v.plain));
    expect(openMeta(key, v.id, repo.get(v.id)!.meta).blobHeader).toBe(headerDigest(v.original));
    v.t.close();
  });
});

describe('the worker checks the bound header on the bytes it decrypts', () => {
  it('refuses a file whose header is not the one it was told, before writing anything', async () => {
    const dir = tempDir();
    const id = generateIdentity();
    writeFileSync(join(dir, 'in'), randomBytes(BLOCK + 1));
    await encryptFileOffThread(join(dir, 'in'), join(dir, 'a.age'), id.recipient().toString());
    await encryptFileOffThread(join(dir, 'in'), join(dir, 'b.age'), id.recipient().toString());
    // b.age opens under the same identity to the same plaintext: only the header tells them apart.
    const boundToA = headerDigest(readFileSync(join(dir, 'a.age')));
    await expect(
      decryptFileOffThread(join(dir, 'b.age'), join(dir, 'out'), id.exportSecret(), { header: boundToA }),
    ).rejects.toMatchObject({ code: 'HEADER_MISMATCH' });
    expect(readdirSync(dir).sort()).toEqual(['a.age', 'b.age', 'in']);
    const ok = await decryptFileOffThread(join(dir, 'a.age'), join(dir, 'out'), id.exportSecret(), {
      header: boundToA,
    });
    expect(ok).toEqual({ sha256: null, size: BLOCK + 1 });
  });
});

type Blob = Awaited<ReturnType<typeof vaultWithFile>>;

function flip(v: Blob, at: number): void {
  const bytes = Buffer.from(v.original);
  bytes[at]! ^= 0x20;
  writeFileSync(v.blob, bytes);
}

function cut(v: Blob, length: number): void {
  truncateSync(v.blob, length);
}

function swapChunks(v: Blob, a: number, b: number): void {
  const bytes = Buffer.from(v.original);
  const at = (i: number) => v.payloadStart + i * SEALED;
  const first = Buffer.from(bytes.subarray(at(a), at(a) + SEALED));
  bytes.copy(bytes, at(a), at(b), at(b) + SEALED);
  first.copy(bytes, at(b));
  writeFileSync(v.blob, bytes);
}
