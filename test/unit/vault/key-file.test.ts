import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readKeyFileView } from '../../../src-main/vault/key-file.js';
import { tempDir } from '../../support/tmp.js';
import { openTestVault } from '../../support/vault.js';

const PASS = 'key file view 42 amber tides';

/** What Vault.state() (the owner, database open) says, in the fields the files alone can tell. */
function ownerView(dataDir: string) {
  const t = openTestVault(dataDir);
  try {
    const { state, recipient, problem } = t.vault.state();
    return { state, recipient, problem };
  } finally {
    t.close();
  }
}

describe('the vault key file, read without the database (sahel vault status with nothing running)', () => {
  it('tells what the owner tells: not set up, whole, reordered by hand, damaged, unreadable, lost', async () => {
    const dir = tempDir();
    const vaultDir = join(dir, 'vault');
    const keyFile = join(vaultDir, 'keyslots.json');
    const same = async () => expect(await readKeyFileView(vaultDir)).toEqual(ownerView(dir));

    expect(await readKeyFileView(vaultDir)).toEqual({
      state: 'uninitialised',
      recipient: null,
      problem: null,
    });
    await same();

    const t = openTestVault(dir);
    const created = await t.vault.create(PASS);
    await t.vault.items.addNote('a note', 'its text', [], null);
    t.close();
    const whole = readFileSync(keyFile, 'utf8');
    expect(await readKeyFileView(vaultDir)).toEqual({
      state: 'locked',
      recipient: created.recipient,
      problem: null,
    });
    await same();

    // Keys in another order (a hand edit, another JSON tool): the checksum over the file's own order
    // no longer matches, so the vault's reader decides — and it takes the file.
    const json = JSON.parse(whole) as Record<string, unknown>;
    const reordered = Object.fromEntries(Object.entries(json).reverse());
    writeFileSync(keyFile, JSON.stringify(reordered));
    expect((await readKeyFileView(vaultDir)).problem).toBeNull();
    await same();

    // One character of the recipient changed — to one it is not (a fixed 'x' left it whole 1 time in 32).
    writeFileSync(
      keyFile,
      whole.replace(/"recipient": "age1(.)/, (_m, c: string) => `"recipient": "age1${c === 'x' ? 'q' : 'x'}`),
    );
    expect((await readKeyFileView(vaultDir)).problem).toMatch(/key file .* is damaged/);
    await same();

    writeFileSync(keyFile, '{"format":');
    expect((await readKeyFileView(vaultDir)).problem).toMatch(/key file .* is damaged/);
    await same();

    // Lost, with an item's encrypted file still there: not an empty place for a new vault.
    rmSync(keyFile);
    expect(await readKeyFileView(vaultDir)).toMatchObject({
      state: 'locked',
      problem: expect.stringMatching(/is missing/),
    });
    await same();
  });
});
