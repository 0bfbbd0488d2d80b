import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src-main/store/database.js';
import { auditButtons } from '../support/contrast.js';
import { type ServeAndBrowser, SHOTS, withServeAndBrowser } from '../support/e2e.js';
import { wsConnect } from '../support/ws-client.js';

const PASSPHRASE = 'copper meadow 58 drifting kites';
/** Argon2id on a busy two-core machine. */
const KDF_MS = 60_000;

/** The vault_items row of an item, read straight from the SQLite file. */
function rowOf(dataDir: string, id: string): { blob: string | null; meta: Buffer } | undefined {
  const db = openDatabase(join(dataDir, 'sahel.db'));
  try {
    return db.prepare('SELECT blob, meta FROM vault_items WHERE id = ?').get(id) as
      | { blob: string | null; meta: Buffer }
      | undefined;
  } finally {
    db.close();
  }
}

describe('the vault page names the items the owner set aside', () => {
  let e2e: ServeAndBrowser;
  let page: Page;
  let vault: Locator;
  let dataDir: string;
  const ids = { kept: '', lost: '', broken: '' };

  beforeAll(async () => {
    e2e = await withServeAndBrowser();
    ({ page, dataDir } = e2e);
    vault = page.locator('[data-page="vault"]');
    const first = await wsConnect(e2e.serve);
    await first.api.vault.create({ passphrase: PASSPHRASE });
    ids.kept = (await first.api.vault.addNote({ name: 'Kept note', text: 'still fine' })).id;
    ids.lost = (await first.api.vault.addNote({ name: 'Lost note', text: 'its record breaks' })).id;
    ids.broken = (await first.api.vault.addNote({ name: 'Broken note', text: 'its file breaks' })).id;
    first.close();

    // Disk damage, with the owner stopped: one bit of a sealed record, one byte of an encrypted file.
    await e2e.restart([], async () => {
      const db = openDatabase(join(dataDir, 'sahel.db'));
      const meta = rowOf(dataDir, ids.lost)!.meta;
      meta[meta.length - 1]! ^= 0x01;
      db.prepare('UPDATE vault_items SET meta = ? WHERE id = ?').run(meta, ids.lost);
      db.close();
      const file = join(dataDir, 'vault', 'blobs', rowOf(dataDir, ids.broken)!.blob!);
      const bytes = readFileSync(file);
      bytes[bytes.length - 3]! ^= 0x01;
      writeFileSync(file, bytes);
    });

    const again = await wsConnect(e2e.serve);
    await again.api.vault.unlock({ passphrase: PASSPHRASE });
    // The damaged file is found when it is read.
    await expect(again.api.vault.preview({ id: ids.broken })).rejects.toMatchObject({ code: 'CORRUPT' });
    again.close();
  }, 3 * KDF_MS);

  afterAll(async () => {
    await e2e?.close();
  });

  it('shows both, says what to do, keeps the readable items, and can be read in both themes', async () => {
    await page.goto(`${e2e.url}#/vault`);
    const notice = vault.getByTestId('vault-set-aside');
    await notice.waitFor({ timeout: KDF_MS });
    const text = await notice.textContent();
    expect(text).toContain('2 items could not be opened');
    expect(text).toContain('“Broken note”: its encrypted file is damaged or was replaced');
    expect(text).toContain(`An item whose name cannot be read (${ids.lost.slice(0, 8)}…)`);
    expect(text).toMatch(/restore its data folder .* from a backup/);
    await vault.getByRole('option', { name: /Kept note/ }).waitFor();
    expect(await vault.getByRole('option', { name: /Lost note/ }).count()).toBe(0);
    await page.mouse.move(0, 0);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: join(SHOTS, `vault-set-aside-${scheme}.png`) });
      expect(await page.evaluate(auditButtons, { fields: true }), scheme).toEqual([]);
    }
  });

  it('removes the unreadable record after asking, and only it', async () => {
    const notice = vault.getByTestId('vault-set-aside');
    await notice.getByRole('listitem').filter({ hasText: 'name cannot be read' }).getByRole('button').click();
    const dialog = page.getByRole('dialog', { name: 'Remove the unreadable item?' });
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => notice.textContent()).toContain('1 item could not be opened');
    expect(rowOf(dataDir, ids.lost)).toBeUndefined();
    expect(rowOf(dataDir, ids.kept)).toBeDefined();
  });

  it('removes the damaged item, and the notice goes', async () => {
    const notice = vault.getByTestId('vault-set-aside');
    await notice.getByRole('button', { name: 'Remove' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove “Broken note”?' });
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await notice.waitFor({ state: 'detached' });
    expect(rowOf(dataDir, ids.broken)).toBeUndefined();
    expect(await vault.getByRole('option', { name: /Broken note/ }).count()).toBe(0);
    await vault.getByRole('option', { name: /Kept note/ }).waitFor();
  });
});
