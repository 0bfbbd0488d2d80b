// Issue 11's "Done when", through the UI: two owners (two data dirs, two `sahel serve`, two Chromium
// pages) on one devnet — the seller's embedded one, which the buyer's data dir joins through its network
// file. The seller publishes a note from its Vault page; the buyer buys it from its Market page; with no
// further step the seller's owner delivers and the buyer's imports, and the buyer's vault holds the
// seller's bytes.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devnetFiles } from '../../src-main/chain/devnet/files.js';
import { jsonField, runCli, succeeded } from '../support/cli.js';
import { type ServeAndBrowser, SHOTS, withServeAndBrowser } from '../support/e2e.js';
import { BUYER_KEY, SELLER_KEY } from '../support/market-cli.js';
import { presetBlobPort } from '../support/market-host.js';

const CHAIN_MS = 120_000;
const TITLE = 'Southern wells, April';
const TEXT = 'Depths of 12 wells along the southern route, measured in April.';

describe('publish on one Sahel, buy on another, in Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sahel-e2e-two-'));
  const sellerDir = join(dir, 'seller');
  const buyerDir = join(dir, 'buyer');
  let seller: ServeAndBrowser;
  let buyer: ServeAndBrowser;
  const sahel = async (dataDir: string, args: string[]) =>
    succeeded(
      await runCli(args, { dataDir, env: { SAHEL_PASSPHRASE_FILE: join(dir, 'pass') }, timeoutMs: 120_000 }),
    ).stdout;

  beforeAll(async () => {
    writeFileSync(join(dir, 'pass'), 'two owners e2e passphrase, long enough\n', { mode: 0o600 });
    writeFileSync(join(dir, 'seller-key'), `${SELLER_KEY}\n`, { mode: 0o600 });
    writeFileSync(join(dir, 'buyer-key'), `${BUYER_KEY}\n`, { mode: 0o600 });
    seller = await withServeAndBrowser({
      dataDir: sellerDir,
      viewport: { width: 1280, height: 900 },
      prepare: async () => {
        await sahel(sellerDir, ['vault', 'init']);
        await sahel(sellerDir, ['wallet', 'import', '--private-key-file', join(dir, 'seller-key')]);
        await presetBlobPort(sellerDir);
      },
    });
    await sahel(sellerDir, ['vault', 'unlock']);
    // The seller's devnet starts with its first chain call; its network file is what the buyer joins.
    await sahel(sellerDir, ['network', 'status']);
    const networkFile = devnetFiles(join(sellerDir, 'devnet')).network;
    buyer = await withServeAndBrowser({
      dataDir: buyerDir,
      viewport: { width: 1280, height: 900 },
      prepare: async () => {
        await sahel(buyerDir, ['vault', 'init']);
        await sahel(buyerDir, ['wallet', 'import', '--private-key-file', join(dir, 'buyer-key')]);
        await sahel(buyerDir, ['network', 'add', 'seller', '--contracts', networkFile]);
        await sahel(buyerDir, ['network', 'use', 'seller']);
      },
    });
    await sahel(buyerDir, ['vault', 'unlock']);
  }, 400_000);

  afterAll(async () => {
    await buyer?.close();
    await seller?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the seller publishes from its Vault page; the buyer buys from its Market page and gets the same bytes', {
    timeout: 400_000,
  }, async () => {
    // The seller: a note, Publish…, the plan, one confirmation.
    const s = seller.page;
    await s.goto(`${seller.url}#/vault`);
    const vault = s.locator('[data-page="vault"]');
    await vault.getByRole('button', { name: 'Add note' }).click();
    const add = s.getByRole('dialog', { name: 'Add note' });
    await add.getByLabel('Name').fill('southern-wells.txt');
    await add.getByLabel('Text').fill(TEXT);
    await add.getByRole('button', { name: 'Save note' }).click();
    await add.waitFor({ state: 'detached' });
    await expect.poll(() => vault.locator('#vault-detail-title').textContent()).toBe('southern-wells.txt');
    await vault.getByRole('button', { name: 'Publish…' }).click();
    const publish = s.getByRole('dialog', { name: 'Publish “southern-wells.txt”' });
    await publish.getByLabel('Title').fill(TITLE);
    await publish.getByLabel('Price').fill('4');
    await publish.getByRole('button', { name: 'Review…' }).click();
    await publish.getByTestId('publish-review').waitFor({ timeout: CHAIN_MS });
    await publish.getByRole('button', { name: 'Publish' }).click();
    const published = publish.getByTestId('publish-done');
    await published.waitFor({ timeout: CHAIN_MS });
    const [, assetId] = /asset #(\d+)/.exec((await published.textContent()) ?? '') ?? [];
    expect(Number(assetId)).toBeGreaterThan(0);
    await s.screenshot({ path: join(SHOTS, 'market-two-owners-published.png') });
    await publish.getByRole('button', { name: 'Close' }).click();

    // The buyer: the listing on its own Market page, Buy…, the review, one confirmation.
    const b = buyer.page;
    await b.goto(`${buyer.url}#/market`);
    const market = b.locator('[data-page="market"]');
    await market.getByRole('button', { name: TITLE }).click({ timeout: CHAIN_MS });
    await market.getByRole('heading', { name: TITLE }).waitFor();
    await market.getByRole('button', { name: 'Buy…' }).click();
    const buy = b.getByRole('dialog', { name: `Buy “${TITLE}”` });
    await buy.getByRole('button', { name: 'Review…' }).click();
    const review = buy.getByTestId('buy-review');
    await review.waitFor({ timeout: CHAIN_MS });
    expect(await review.getByTestId('buy-price').textContent()).toBe('4 SAHC');
    await review.getByRole('button', { name: 'Buy', exact: true }).click();
    const done = buy.getByTestId('buy-done');
    await done.waitFor({ timeout: CHAIN_MS });
    const [, licenseId] = /licence #(\d+)/.exec((await done.textContent()) ?? '') ?? [];
    await buy.getByRole('button', { name: 'Close' }).click();
    await market.getByRole('button', { name: '← All listings' }).click();

    // No further step: the seller's owner delivers, the buyer's receives.
    const row = market.locator(`[data-licence="${licenseId}"]`);
    await expect
      .poll(() => row.getAttribute('data-state'), { timeout: CHAIN_MS, interval: 500 })
      .toBe('received');
    await b.getByRole('region', { name: 'My licences' }).scrollIntoViewIfNeeded();
    await b.screenshot({ path: join(SHOTS, 'market-two-owners-received.png') });
    await expect
      .poll(() => s.goto(`${seller.url}#/market`).then(() => s.getByTestId('my-sales').textContent()), {
        timeout: CHAIN_MS,
      })
      .toMatch(/delivered/);

    const licences = await sahel(buyerDir, ['--json', 'market', 'licenses']);
    const file = join(dir, 'bought.txt');
    await sahel(buyerDir, ['vault', 'get', jsonField(licences, 'licenses[0].itemId'), '-o', file]);
    expect(readFileSync(file, 'utf8')).toBe(TEXT);
    expect(seller.consoleErrors).toEqual([]);
    expect(buyer.consoleErrors).toEqual([]);
  });
});
