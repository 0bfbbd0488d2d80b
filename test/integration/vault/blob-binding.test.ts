import { execFileSync } from 'node:child_process';
import { hkdfSync } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bech32 } from '@scure/base';
import { describe, expect, it } from 'vitest';
import { VaultRetriever } from '../../../src-main/llm/retrieval/retriever.js';
import { VaultItemsRepo } from '../../../src-main/store/vault-items-repo.js';
import { openMeta, sealMeta } from '../../../src-main/vault/item-meta.js';
import { AGE, haveAge } from '../../support/age-cli.js';
import { silentLogger } from '../../support/logger.js';
import { tempDir } from '../../support/tmp.js';
import { openTestVault } from '../../support/vault.js';

const PASS = 'binding test 47 amber herons';

type TestVault = ReturnType<typeof openTestVault>;

function blobFile(t: TestVault, dir: string, id: string): string {
  const blob = new VaultItemsRepo(t.db).get(id)?.blob;
  if (!blob) throw new Error('no blob');
  return join(dir, 'vault', 'blobs', blob);
}

/** Encrypts `text` with Debian's age to the vault's public recipient, as anyone could. */
function plantWithAge(recipient: string, target: string, text: string): void {
  const src = join(tempDir(), 'planted.txt');
  writeFileSync(src, text);
  execFileSync(AGE, ['-r', recipient, '-o', target, src], { stdio: 'ignore' });
}

const damaged = (id: string) => ({
  code: 'DAMAGED',
  item: id,
  message: expect.stringContaining(`Item ${id}'s encrypted file was replaced or damaged`),
});

/** The vault's metadata key, from the identity export (what the vault derives at unlock). */
async function metaKey(t: TestVault): Promise<Buffer> {
  const identity = await t.vault.exportIdentity(PASS);
  const secret = bech32.fromWords(bech32.decode(identity.toLowerCase() as `${string}1${string}`, 200).words);
  return Buffer.from(hkdfSync('sha256', secret, 'sahel-vault', 'item-metadata/v1', 32));
}

describe.skipIf(!haveAge)('blobs bound to their sealed rows', () => {
  it('refuses a planted or swapped blob on every read path, and indexes nothing of it', async () => {
    const dir = tempDir();
    const src = tempDir();
    const t = openTestVault(dir);
    const { recipient } = await t.vault.create(PASS);
    const a = await t.vault.items.addNote('a', 'alpha apple', [], null);
    const b = await t.vault.items.addNote('b', 'bravo banana', [], null);
    const c = await t.vault.items.addNote('c', 'charlie cherry', [], null);
    const s = await t.vault.items.addSecret('key', 'the real secret', []);
    writeFileSync(join(src, 'report.txt'), 'the quarterly report');
    const [f] = await t.vault.items.importPaths([join(src, 'report.txt')], [], null, 'j');
    t.vault.lock();

    plantWithAge(recipient!, blobFile(t, dir, f!.id), 'PLANTED zebra text');
    plantWithAge(recipient!, blobFile(t, dir, s.id), 'planted-secret');
    const [pa, pb] = [blobFile(t, dir, a.id), blobFile(t, dir, b.id)];
    renameSync(pa, `${pa}.x`);
    renameSync(pb, pa);
    renameSync(`${pa}.x`, pb);

    await t.vault.unlock(PASS);
    const items = t.vault.items;
    for (const id of [a.id, b.id, f!.id])
      await expect(items.preview(id, 1000)).rejects.toMatchObject(damaged(id));
    await expect(items.revealSecret(s.id)).rejects.toMatchObject(damaged(s.id));
    const out = join(tempDir(), 'out');
    await expect(items.exportFile(f!.id, out, false)).rejects.toMatchObject(damaged(f!.id));
    await expect(items.exportAge(f!.id, out, { recipient: recipient! })).rejects.toMatchObject(
      damaged(f!.id),
    );
    await expect(items.openPlaintext(f!.id)).rejects.toMatchObject(damaged(f!.id));
    await expect(items.materialize(f!.id)).rejects.toMatchObject(damaged(f!.id));

    // The search index skipped the three and went on: the intact note is found, nothing planted is.
    expect(await items.search('zebra', 10)).toEqual([]);
    expect((await items.search('banana', 10)).map((h) => h.id)).toEqual([]);
    expect((await items.search('apple', 10)).map((h) => h.id)).toEqual([]);
    expect((await items.search('cherry', 10)).map((h) => h.id)).toEqual([c.id]);
    expect(new Set(t.vault.state().damaged)).toEqual(new Set([a.id, b.id, f!.id, s.id]));

    const retriever = new VaultRetriever({ vault: t.vault, log: silentLogger() });
    retriever.vaultUnlocked();
    await retriever.settled();
    expect(await retriever.retrieve('zebra', 5)).toEqual([]);
    expect(await retriever.retrieve('banana', 5)).toEqual([]);
    expect((await retriever.retrieve('cherry', 5)).map((p) => p.itemId)).toEqual([c.id]);
    t.close();
  });

  it('binds rows written before bindings on their first read, after checking the plaintext sha256', async () => {
    const dir = tempDir();
    const t = openTestVault(dir);
    const { recipient } = await t.vault.create(PASS);
    const kept = await t.vault.items.addNote('kept', 'old but intact', [], null);
    const planted = await t.vault.items.addNote('planted', 'old and then replaced', [], null);
    const key = await metaKey(t);
    const repo = new VaultItemsRepo(t.db);
    for (const id of [kept.id, planted.id]) {
      // What a row looked like before: the metadata alone, no header digest.
      const { meta } = openMeta(key, id, repo.get(id)!.meta);
      repo.updateMeta(id, sealMeta(key, id, meta, null));
    }
    t.vault.lock();
    plantWithAge(recipient!, blobFile(t, dir, planted.id), 'old and then replaced!');

    await t.vault.unlock(PASS);
    expect(await t.vault.items.preview(kept.id, 100)).toMatchObject({ text: 'old but intact' });
    expect(openMeta(key, kept.id, repo.get(kept.id)!.meta).blobHeader).toMatch(/^[0-9a-f]{64}$/);
    await expect(t.vault.items.preview(planted.id, 100)).rejects.toMatchObject(damaged(planted.id));
    expect(openMeta(key, planted.id, repo.get(planted.id)!.meta).blobHeader).toBeNull();

    // Once bound, even a copy of the original content encrypted anew is refused.
    t.vault.lock();
    plantWithAge(recipient!, blobFile(t, dir, kept.id), 'old but intact');
    await t.vault.unlock(PASS);
    await expect(t.vault.items.preview(kept.id, 100)).rejects.toMatchObject(damaged(kept.id));
    t.close();
  });

  it('names a blob damaged in place (a flipped payload byte) instead of failing internally', async () => {
    const dir = tempDir();
    const t = openTestVault(dir);
    await t.vault.create(PASS);
    const n = await t.vault.items.addNote('n', 'some text to damage', [], null);
    const file = blobFile(t, dir, n.id);
    const bytes = readFileSync(file);
    bytes[bytes.length - 3]! ^= 1;
    writeFileSync(file, bytes);
    await expect(t.vault.items.preview(n.id, 100)).rejects.toMatchObject(damaged(n.id));
    await expect(t.vault.items.openPlaintext(n.id)).rejects.toMatchObject(damaged(n.id));
    t.close();
  });
});
