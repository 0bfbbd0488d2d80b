import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../src-main/store/database.js';
import { VaultItemsRepo } from '../../../src-main/store/vault-items-repo.js';
import { tempDir } from '../../support/tmp.js';
import { openTestVault } from '../../support/vault.js';

const PASS = 'set aside test 41 amber gulls';

/** Flips one bit of an item row's sealed metadata in the SQLite file, as disk damage would. */
function damageMeta(db: Db, id: string): void {
  const { meta } = db.prepare('SELECT meta FROM vault_items WHERE id = ?').get(id) as { meta: Buffer };
  meta[meta.length - 1]! ^= 0x01;
  db.prepare('UPDATE vault_items SET meta = ? WHERE id = ?').run(meta, id);
}

describe('removing what the vault set aside', () => {
  it('removes an unreadable folder record alone; what was inside stays at the top level', async () => {
    const t = openTestVault(tempDir());
    await t.vault.create(PASS);
    const folder = (await t.vault.items.importPaths([tempDir()], [], null, 'j'))[0]!;
    const inside = await t.vault.items.addNote('inside', 'in the folder', [], folder.id);
    t.vault.lock();
    damageMeta(t.db, folder.id);
    await t.vault.unlock(PASS);
    expect(t.vault.state().unreadable).toEqual([folder.id]);

    expect(t.vault.items.remove(folder.id)).toBe(1);
    expect(t.vault.state().unreadable).toEqual([]);
    expect(new VaultItemsRepo(t.db).get(folder.id)).toBeUndefined();
    expect(t.vault.items.list(null).map((i) => i.id)).toEqual([inside.id]);
    expect(await t.vault.items.preview(inside.id, 100)).toMatchObject({ text: 'in the folder' });
    t.close();
  });

  it('drops a removed damaged item from the vault state', async () => {
    const dir = tempDir();
    const t = openTestVault(dir);
    await t.vault.create(PASS);
    const n = await t.vault.items.addNote('n', 'some text to damage', [], null);
    const file = join(dir, 'vault', 'blobs', new VaultItemsRepo(t.db).get(n.id)!.blob!);
    const bytes = readFileSync(file);
    bytes[bytes.length - 3]! ^= 1;
    writeFileSync(file, bytes);
    await expect(t.vault.items.preview(n.id, 100)).rejects.toMatchObject({ code: 'DAMAGED' });
    expect(t.vault.state().damaged).toEqual([n.id]);

    t.vault.items.remove(n.id);
    expect(t.vault.state().damaged).toEqual([]);
    t.close();
  });
});
