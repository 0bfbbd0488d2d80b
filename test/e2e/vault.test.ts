import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { type ServeAndBrowser, SHOTS, withServeAndBrowser } from '../support/e2e.js';

const PASSPHRASE = 'amber falcon quietly 73 orbit';
const NEW_PASSPHRASE = 'violet harbour sings 19 lanterns';
/** Argon2id takes a second or two per create/unlock; leave plenty of room on a slow machine. */
const KDF_MS = 30_000;

/** A unique word, so the search can only find our note. */
const WORD = `quokka${randomBytes(3).toString('hex')}`;
const NOTE_TEXT = `Meet Aminata at the ${WORD} greenhouse on Tuesday.\nBring the seed catalogue.`;
const TEXT_FILE = `hello from the vault e2e test\nline two ${randomBytes(4).toString('hex')}\n`;

describe('the vault in Chromium against sahel serve', () => {
  let e2e: ServeAndBrowser;
  let page: Page;
  let vault: Locator;

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `vault-${name}.png`) });
  const option = (name: string) => vault.getByRole('option', { name, exact: true });
  const detail = () => vault.locator('.vault-detail');

  beforeAll(async () => {
    e2e = await withServeAndBrowser();
    page = e2e.page;
    vault = page.locator('[data-page="vault"]');
  });

  afterAll(() => e2e?.close());

  it('creates a vault, with a strength meter that refuses a weak passphrase', async () => {
    await page.goto(`${e2e.url}#/vault`);
    await vault.getByRole('heading', { name: 'Set up your vault' }).waitFor();
    await expect.poll(() => page.getByTestId('status-bar').textContent()).toMatch(/Vault: not set up/);

    const passphrase = vault.getByLabel('Passphrase', { exact: true });
    const confirm = vault.getByLabel('Confirm passphrase', { exact: true });
    await passphrase.fill('password1');
    expect(await vault.locator('.strength-text').textContent()).toMatch(/Very weak/);
    await confirm.fill('password1');
    await vault.getByRole('button', { name: 'Create vault' }).click();
    expect(await vault.getByRole('alert').textContent()).toMatch(/too easy to guess/);
    await shot('create-weak');

    await passphrase.fill(PASSPHRASE);
    await confirm.fill(PASSPHRASE);
    expect(await vault.locator('.strength-text').textContent()).toMatch(/Strong/);
    await shot('create');
    await vault.getByRole('button', { name: 'Create vault' }).click();
    await vault.getByRole('searchbox', { name: 'Search vault' }).waitFor({ timeout: KDF_MS });
    await expect.poll(() => page.getByTestId('status-bar').textContent()).toMatch(/Vault: unlocked/);
    expect(await vault.textContent()).toContain('Your vault is empty');
    await shot('empty');
  });

  it('adds a note and finds it by a word of its text', async () => {
    await vault.getByRole('button', { name: 'Add note' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add note' });
    // Focus starts in the first field and stays inside the dialog.
    expect(await dialog.getByLabel('Name').evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Save note');
    await page.keyboard.press('Tab');
    expect(await dialog.getByLabel('Name').evaluate((el) => el === document.activeElement)).toBe(true);
    await dialog.getByLabel('Name').fill('Travel plans');
    await dialog.getByLabel('Text').fill(NOTE_TEXT);
    await dialog.getByLabel('Tags').fill('personal, travel');
    await shot('add-note');
    await dialog.getByRole('button', { name: 'Save note' }).click();
    await dialog.waitFor({ state: 'detached' });
    await option('Travel plans').waitFor();
    expect(await option('Travel plans').getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => vault.getByTestId('vault-preview-text').textContent()).toContain(WORD);

    // `/` focuses the search box from anywhere outside a text field.
    await page.locator('#page-title').focus();
    await page.keyboard.press('/');
    const search = vault.getByRole('searchbox', { name: 'Search vault' });
    expect(await search.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type(WORD);
    const results = vault.getByRole('listbox', { name: 'Search results' });
    await results.getByRole('option', { name: 'Travel plans' }).waitFor();
    expect(await results.textContent()).toContain(WORD);
    expect(await results.locator('mark').first().textContent()).toBe(WORD);
    await shot('search');

    await search.fill('nothing-like-this-anywhere');
    await vault.getByText('Nothing found').waitFor();
    await search.press('Escape');
    await vault.getByRole('listbox', { name: 'Vault items' }).waitFor();
  });

  it('imports a text file from the picker and a PNG by drag and drop, and previews both', async () => {
    await vault.getByTestId('vault-file-input').setInputFiles({
      name: 'hello.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(TEXT_FILE),
    });
    await option('hello.txt').waitFor();

    const png = tinyPng(48, 32).toString('base64');
    // Drag a PNG over the window (the drop zone shows), then drop it.
    await page.evaluate((b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], 'sunrise.png', { type: 'image/png' }));
      (window as unknown as { e2eDrag: DataTransfer }).e2eDrag = dt;
      document.body.dispatchEvent(
        new DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }),
      );
      document.body.dispatchEvent(
        new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }),
      );
    }, png);
    await vault.getByText('Drop to add to the vault').waitFor();
    await shot('drop-zone');
    await page.evaluate(() => {
      const dt = (window as unknown as { e2eDrag: DataTransfer }).e2eDrag;
      document.body.dispatchEvent(
        new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }),
      );
    });
    await vault.getByText('Drop to add to the vault').waitFor({ state: 'detached' });
    await option('sunrise.png').waitFor();
    const transfers = vault.locator('.vault-transfers');
    await expect.poll(() => transfers.textContent()).toMatch(/Imported 2 files/);
    expect(await transfers.getByRole('progressbar').count()).toBe(2);

    await option('hello.txt').click();
    await expect.poll(() => vault.getByTestId('vault-preview-text').textContent()).toBe(TEXT_FILE);
    await shot('preview-text');

    // Arrow keys move the selection through the list (folders first, then by name).
    await option('hello.txt').press('ArrowDown');
    expect(await option('sunrise.png').getAttribute('aria-selected')).toBe('true');
    const img = vault.getByRole('img', { name: 'Preview of sunrise.png' });
    await img.waitFor();
    expect(await img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(48);
    expect(await detail().textContent()).toMatch(/SHA-256[0-9a-f]{64}/);
    await shot('preview-image');

    // Export is a plain download of the decrypted file from the same origin.
    await option('hello.txt').click();
    const href = await vault.getByRole('link', { name: 'Export' }).getAttribute('href');
    expect(href).toMatch(/^\/vault\/items\/[0-9a-f]{32}\/content$/);
    const downloaded = await page.evaluate(async (url) => (await fetch(url)).text(), href!);
    expect(downloaded).toBe(TEXT_FILE);
  });

  it('keeps a secret hidden until revealed', async () => {
    await vault.getByRole('button', { name: 'Add secret' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add secret' });
    await dialog.getByLabel('Name').fill('API key');
    await dialog.getByLabel('Value', { exact: true }).fill('sk-test-0123456789');
    await dialog.getByRole('button', { name: 'Save secret' }).click();
    await option('API key').waitFor();
    expect(await detail().textContent()).not.toContain('sk-test-0123456789');
    await vault.getByRole('button', { name: 'Reveal' }).click();
    await expect.poll(() => detail().textContent()).toContain('sk-test-0123456789');
    await vault.getByRole('button', { name: 'Hide' }).click();
    expect(await detail().textContent()).not.toContain('sk-test-0123456789');
  });

  it('browses folders imported from the command line, and deletes one with a count of its contents', async () => {
    const src = join(mkdtempSync(join(tmpdir(), 'sahel-e2e-src-')), 'Research');
    mkdirSync(join(src, 'sub'), { recursive: true });
    writeFileSync(join(src, 'notes.md'), '# Field notes\n');
    writeFileSync(join(src, 'sub', 'data.csv'), 'a,b\n1,2\n');
    // The CLI talks to the running owner, whose vault is unlocked.
    const added = await runCli(['vault', 'add', src], { dataDir: e2e.dataDir, timeoutMs: 60_000 });
    expect(added.code, added.stderr).toBe(0);
    rmSync(join(src, '..'), { recursive: true, force: true });

    // The list follows 'vault.changed'; folders come first.
    await option('Research').waitFor();
    expect(await vault.getByRole('option').first().getAttribute('aria-labelledby')).toBe(
      await option('Research').getAttribute('aria-labelledby'),
    );
    await option('Research').focus();
    await page.keyboard.press('Enter');
    const crumbs = vault.getByRole('navigation', { name: 'Folder' });
    await expect.poll(() => crumbs.locator('[aria-current="location"]').textContent()).toBe('Research');
    await option('notes.md').waitFor();
    await option('sub').dblclick();
    await option('data.csv').waitFor();
    await shot('folder');
    await option('data.csv').press('Backspace');
    await option('notes.md').waitFor();
    await crumbs.getByRole('button', { name: 'All items' }).click();
    await option('Research').click();

    await vault.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete “Research”?' });
    await expect.poll(() => dialog.textContent()).toMatch(/the 3 items in it will be deleted/);
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await option('Research').waitFor({ state: 'detached' });
  });

  it('deletes an item after a confirmation that names it', async () => {
    await option('hello.txt').click();
    await vault.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete “hello.txt”?' });
    await dialog.waitFor();
    await shot('delete');
    // Escape cancels.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await option('hello.txt').count()).toBe(1);

    await vault.getByRole('button', { name: 'Delete' }).click();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await option('hello.txt').waitFor({ state: 'detached' });
    expect(await option('sunrise.png').count()).toBe(1);
    // The row that took its place is selected and has keyboard focus.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-selected')))
      .toBe('true');
    expect(await option('sunrise.png').getAttribute('aria-selected')).toBe('true');
  });

  it('locks, refuses a wrong passphrase, and unlocks to the same items', async () => {
    await vault.getByRole('button', { name: 'Lock', exact: true }).click();
    await vault.getByRole('heading', { name: 'Your vault is locked' }).waitFor();
    await expect.poll(() => page.getByTestId('status-bar').textContent()).toMatch(/Vault: locked/);
    // Nothing of the vault's contents is left on the page.
    expect(await page.content()).not.toContain('Travel plans');
    await shot('locked');

    const passphrase = vault.getByLabel('Passphrase', { exact: true });
    await passphrase.fill('not the right passphrase');
    await vault.getByRole('button', { name: 'Unlock' }).click();
    await expect
      .poll(() => vault.getByRole('alert').textContent(), { timeout: KDF_MS })
      .toMatch(/wrong passphrase/i);
    await shot('wrong-passphrase');

    await passphrase.fill(PASSPHRASE);
    await vault.getByRole('button', { name: 'Unlock', exact: true }).click();
    await option('Travel plans').waitFor({ timeout: KDF_MS });
    expect(await option('sunrise.png').count()).toBe(1);
    expect(await option('API key').count()).toBe(1);
    expect(await option('hello.txt').count()).toBe(0);
    await expect.poll(() => page.getByTestId('status-bar').textContent()).toMatch(/Vault: unlocked/);
    await shot('unlocked');
  });

  it('changes the passphrase, and the new one unlocks', async () => {
    await vault.getByRole('button', { name: 'Change passphrase' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change passphrase' });
    await dialog.getByLabel('Current passphrase', { exact: true }).fill(PASSPHRASE);
    await dialog.getByLabel('New passphrase', { exact: true }).fill(NEW_PASSPHRASE);
    await dialog.getByLabel('Confirm new passphrase', { exact: true }).fill(NEW_PASSPHRASE);
    await shot('change-passphrase');
    await dialog.getByRole('button', { name: 'Change passphrase' }).click();
    await dialog.waitFor({ state: 'detached', timeout: KDF_MS * 2 });
    await vault.getByText('Passphrase changed').waitFor();

    // The status bar's lock button locks too.
    await page.getByTestId('status-bar').getByRole('button', { name: 'Lock vault' }).click();
    await vault.getByRole('heading', { name: 'Your vault is locked' }).waitFor();
    await vault.getByLabel('Passphrase', { exact: true }).fill(NEW_PASSPHRASE);
    await vault.getByLabel('Passphrase', { exact: true }).press('Enter');
    await option('Travel plans').waitFor({ timeout: KDF_MS });

    await option('Travel plans').click();
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot('dark');
    await page.emulateMedia({ colorScheme: 'light' });
  }, 90_000);

  it('ran without console errors or CSP violations', () => {
    expect(e2e.consoleErrors).toEqual([]);
  });
});

/** A small RGB PNG with a gradient, built by hand (zlib + CRC-32), so the test needs no fixtures. */
function tinyPng(width: number, height: number): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0;
    for (let x = 0; x < width; x++) {
      const i = row + 1 + x * 3;
      raw[i] = 240 - Math.round((y / height) * 120);
      raw[i + 1] = 120 + Math.round((x / width) * 80);
      raw[i + 2] = 60 + Math.round((y / height) * 150);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}
