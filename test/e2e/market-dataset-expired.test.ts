// A bought dataset whose licence has ended, in Chromium against `sahel serve` (its embedded devnet,
// real anvil, scripted chat replies): bought from the owner's second account with a 60-second
// licence, it grounds chat while the licence runs; once it has ended the reply says the dataset was
// not searched and when its licence expired, and the Vault page labels it "licence expired <date>".
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { auditButtons } from '../support/contrast.js';
import { type ServeAndBrowser, SHOTS, withServeAndBrowser } from '../support/e2e.js';
import { BUYER_KEY, field, ok, SELLER_KEY } from '../support/market-cli.js';
import { prepareTwoAccounts } from '../support/market-host.js';

/** Chain rounds and the delivery on a busy two-core machine. */
const SLOW_MS = 180_000;
const DATASET = 'Fonio yields on the Dosso plateau doubled after the half-moon basins were dug.\n'.repeat(10);
const SCRIPT = {
  model: 'scripted-e2e',
  delayMs: 5,
  turns: [
    { reply: 'Here is what I found [1].' },
    { reply: 'I found nothing on that in your vault.' },
    { reply: 'Nothing in your vault on that.' },
  ],
};

describe('a bought dataset whose licence has ended, in chat and on the Vault page', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sahel-e2e-expired-'));
  const dataDir = join(dir, 'data');
  let e2e: ServeAndBrowser;
  let page: Page;
  let expiresAt = '';
  const sahel = async (args: string[]) =>
    ok(await runCli(args, { dataDir, env: { SAHEL_PASSPHRASE_FILE: join(dir, 'pass') }, timeoutMs: 120_000 }))
      .stdout;
  const chat = () => page.locator('[data-page="chat"]');
  const ask = async (text: string) => {
    const replies = chat().locator('.chat-msg[data-role="assistant"]:not([data-live])');
    const before = await replies.count();
    const composer = chat().getByRole('textbox', { name: 'Message' });
    await composer.fill(text);
    await composer.press('Enter');
    await expect.poll(() => replies.count(), { timeout: 30_000 }).toBe(before + 1);
    expect(await replies.last().getAttribute('data-status')).toBe('done');
    return replies.last();
  };

  beforeAll(async () => {
    writeFileSync(join(dir, 'pass'), 'expired e2e passphrase, long enough\n', { mode: 0o600 });
    writeFileSync(join(dir, 'fonio.txt'), DATASET);
    writeFileSync(join(dir, 'script.json'), JSON.stringify(SCRIPT));
    e2e = await withServeAndBrowser({
      dataDir,
      env: { SAHEL_CHAT_PROVIDER: `scripted:${join(dir, 'script.json')}` },
      viewport: { width: 1280, height: 900 },
      prepare: () => prepareTwoAccounts(dir, dataDir, { seller: SELLER_KEY, buyer: BUYER_KEY }, sahel),
    });
    page = e2e.page;
    await sahel(['vault', 'unlock']);
    const seller = privateKeyToAccount(SELLER_KEY).address;
    const buyer = privateKeyToAccount(BUYER_KEY).address;
    const id = field(await sahel(['--json', 'vault', 'add', join(dir, 'fonio.txt')]), 'items[0].id');
    // The seller's own copy would answer chat too: it goes, leaving the bought one alone.
    const publish = ['--json', 'market', 'publish', id, '--price', '1', '--title', 'fonio.txt'];
    const offer = field(
      await sahel([...publish, '--kind', 'dataset', '--duration', '60s', '--from', seller, '--yes']),
      'offerId',
    );
    await sahel(['vault', 'rm', id, '--yes']);
    // `buy` waits for the owner to receive it into the vault.
    await sahel(['market', 'buy', offer, '--from', buyer, '--max-price', '1', '--yes']);
    expiresAt = field(await sahel(['--json', 'market', 'licenses']), 'licenses[0].expiresAt');
  }, SLOW_MS);

  afterAll(async () => {
    await e2e?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('while the licence runs, the bought dataset is a source of the reply', {
    timeout: SLOW_MS,
  }, async () => {
    await page.goto(`${e2e.url}#/chat`);
    await chat().getByRole('textbox', { name: 'Message' }).waitFor({ timeout: 30_000 });
    const reply = await ask('How did the fonio yields on the Dosso plateau change?');
    expect(await reply.locator('.chat-citations').textContent()).toContain('fonio.txt');
    expect(await reply.getByTestId('chat-unsearched').count()).toBe(0);
  });

  it('once it has ended: the reply says it was not searched, and the Vault page labels it', {
    timeout: SLOW_MS,
  }, async () => {
    const ends = Date.parse(expiresAt);
    expect(ends).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, Math.max(0, ends - Date.now()) + 1_000));
    const reply = await ask('How did the fonio yields on the Dosso plateau change?');
    const date = expiresAt.slice(0, 10);
    expect(await reply.getByTestId('chat-unsearched').textContent()).toBe(
      `1 dataset you bought was not searched: its licence expired on ${date} (fonio.txt). It stays in your vault until you delete it.`,
    );
    expect(await reply.locator('.chat-citations').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'chat-bought-expired.png'), fullPage: true });
    // The CLI's chat says it too.
    const cli = ok(
      await runCli(['chat', 'How did the fonio yields change?'], { dataDir, timeoutMs: 60_000 }),
    );
    expect(cli.stderr).toContain(
      `(1 dataset you bought was not searched: its licence expired on ${date}: fonio.txt)`,
    );

    await page.goto(`${e2e.url}#/vault`);
    const row = page.getByRole('option', { name: /fonio\.txt/ });
    await expect.poll(() => row.textContent(), { timeout: 30_000 }).toContain(`licence expired ${date}`);
    await row.click();
    await expect
      .poll(() => page.locator('.vault-detail-heading').textContent(), { timeout: 30_000 })
      .toContain(`licence expired ${date}`);
    const findings = [];
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: join(SHOTS, `vault-bought-expired-${scheme}.png`), fullPage: true });
      for (const f of await page.evaluate(auditButtons, { fields: true })) findings.push({ scheme, ...f });
    }
    expect(findings).toEqual([]);
    expect(e2e.consoleErrors).toEqual([]);
  });
});
