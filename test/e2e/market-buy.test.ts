// Buying from the Market page in Chromium against `sahel serve` on a fresh data dir whose embedded devnet
// (real anvil) takes the transactions. One owner, two wallet accounts: the seller's publishes a note through
// the CLI, the buyer's is the one selected in the UI; Buy…, the review, one confirmation, the licence id;
// the owner delivers to itself in the background and "My licences" shows it received, opening the vault item.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import {
  type Abi,
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  type Hex,
  http,
  keccak256,
  toHex,
} from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abis } from '../../src-main/chain/index.js';
import { formatUnits } from '../../src-shared/domain/amount.js';
import { runCli } from '../support/cli.js';
import { auditButtons } from '../support/contrast.js';
import { type ServeAndBrowser, SHOTS, withServeAndBrowser } from '../support/e2e.js';
import { presetBlobPort } from '../support/market-host.js';
import { wsConnect } from '../support/ws-client.js';

/** The funded devnet keys the buy CLI test imports. */
const SELLER_KEY = '0x8f2a55949038a9610f50fb23b5883af3b4ecb3c3bb792cbcefbd1542c692be63';
const BUYER_KEY = '0x5b1c8a7e3d2f4c6b9a0e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9d0c1b2a';
const CHAIN_MS = 120_000;
const TITLE = 'Northern wells, March';

describe('buying an offer from the Market page', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sahel-e2e-buy-'));
  const dataDir = join(dir, 'data');
  const seller = privateKeyToAccount(SELLER_KEY).address;
  const buyer = privateKeyToAccount(BUYER_KEY).address;
  let e2e: ServeAndBrowser;
  let page: Page;
  let market: Locator;
  let assetId = '';
  const sahel = async (args: string[]) => {
    const r = await runCli(args, {
      dataDir,
      env: { SAHEL_PASSPHRASE_FILE: join(dir, 'pass') },
      timeoutMs: 120_000,
    });
    expect(r.code, `sahel ${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r.stdout;
  };
  /** Every button and field readable (WCAG contrast, labels), in both themes, with a screenshot of each. */
  const auditAndShoot = async (name: string) => {
    const findings = [];
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: join(SHOTS, `market-buy-${name}-${scheme}.png`) });
      for (const f of await page.evaluate(auditButtons, { fields: true })) findings.push({ scheme, ...f });
    }
    await page.emulateMedia({ colorScheme: 'light' });
    return findings;
  };

  beforeAll(async () => {
    writeFileSync(join(dir, 'pass'), 'buy e2e passphrase, long enough\n', { mode: 0o600 });
    writeFileSync(join(dir, 'seller'), `${SELLER_KEY}\n`, { mode: 0o600 });
    writeFileSync(join(dir, 'buyer'), `${BUYER_KEY}\n`, { mode: 0o600 });
    writeFileSync(join(dir, 'wells.txt'), 'Well depths along the northern route, measured in March.\n');
    e2e = await withServeAndBrowser({
      dataDir,
      viewport: { width: 1280, height: 900 },
      prepare: async () => {
        await sahel(['vault', 'init']);
        await sahel(['wallet', 'import', '--private-key-file', join(dir, 'seller'), '--name', 'Seller']);
        await sahel(['wallet', 'import', '--private-key-file', join(dir, 'buyer'), '--name', 'Buyer']);
        // Its own blob port: the default (7417) may be another test's owner, whose listener would answer.
        await presetBlobPort(dataDir);
      },
    });
    page = e2e.page;
    market = page.locator('[data-page="market"]');
    await sahel(['vault', 'unlock']);
    const added = JSON.parse(await sahel(['--json', 'vault', 'add', join(dir, 'wells.txt')]));
    const id: string = added.items[0].id;
    const published = await sahel([
      '--json',
      'market',
      'publish',
      id,
      '--price',
      '3',
      '--title',
      TITLE,
      '--from',
      seller,
      '--yes',
    ]);
    assetId = JSON.parse(published).assetId;
  }, 400_000);

  afterAll(async () => {
    await e2e?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses the seller paying for its own offer and a price above the maximum, in sentences', {
    timeout: 300_000,
  }, async () => {
    // The buyer's account is the active one, as the Wallet page sets it.
    await page.goto(`${e2e.url}#/wallet`);
    const buyerAccount = page.getByRole('button', { name: /Buyer/ });
    await buyerAccount.click();
    await expect.poll(() => buyerAccount.getAttribute('aria-current')).toBe('true');
    // The same document (a reload would forget the selection, which lives in the page's state).
    await page.evaluate(() => {
      location.hash = '/market';
    });
    expect(await market.getByText('Publishing is not built yet.').count()).toBe(0);
    await market.getByRole('button', { name: 'Vault page' }).waitFor();
    await market.getByRole('button', { name: TITLE }).click({ timeout: CHAIN_MS });
    await market.getByRole('heading', { name: TITLE }).waitFor();
    await market.getByRole('button', { name: 'Buy…' }).click();
    const dialog = page.getByRole('dialog', { name: `Buy “${TITLE}”` });
    expect(await dialog.getByLabel('Pay from').inputValue()).toBe(buyer);

    await dialog.getByLabel('Pay from').selectOption(seller);
    await dialog.getByRole('button', { name: 'Review…' }).click();
    await expect
      .poll(() => dialog.getByRole('alert').textContent(), { timeout: CHAIN_MS })
      .toBe('This is your own offer. Choose another account to pay from.');

    await dialog.getByLabel('Pay from').selectOption(buyer);
    await dialog.getByLabel('Highest price').fill('2');
    await dialog.getByRole('button', { name: 'Review…' }).click();
    await expect
      .poll(() => dialog.getByRole('alert').textContent(), { timeout: CHAIN_MS })
      .toMatch(/costs 3 .*more than your maximum 2\.$/);
    expect(await auditAndShoot('form')).toEqual([]);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(e2e.consoleErrors).toEqual([]);
  });

  it('reviews the plan, buys once, and sees the licence received and its vault item', {
    timeout: 300_000,
  }, async () => {
    await market.getByRole('button', { name: 'Buy…' }).click();
    const dialog = page.getByRole('dialog', { name: `Buy “${TITLE}”` });
    await dialog.getByLabel('Highest price').fill('3');
    await dialog.getByRole('button', { name: 'Review…' }).click();
    const review = dialog.getByTestId('buy-review');
    await review.waitFor({ timeout: CHAIN_MS });
    expect(await review.getByTestId('buy-price').textContent()).toBe('3 SAHC');
    expect(await review.getByTestId('buy-approval').textContent()).toBe(
      'Exactly 3 SAHC for the marketplace, never unlimited.',
    );
    expect(await review.getByTestId('buy-key').textContent()).toMatch(/^([0-9a-f]{4} ){15}[0-9a-f]{4}$/);
    const split = review.getByTestId('buy-split').locator('tbody tr');
    const rows = await split.allTextContents();
    expect(rows.some((r) => r.includes(seller) && /Seller$/.test(r))).toBe(true);
    const steps = await review.getByTestId('buy-steps').locator(':scope > li').allTextContents();
    expect(steps).toHaveLength(2);
    expect(steps[0]).toMatch(/^approve.*amount3 SAHC/);
    expect(steps[1]).toMatch(/^buy.*maxPrice3 SAHC/);
    expect(steps.every((s) => /Feeat most [0-9.]+ ETH/.test(s))).toBe(true);
    const text = (await review.textContent()) ?? '';
    expect(text).toContain(buyer);
    expect(text).toMatch(/perpetual, unlimited seats/);
    expect(await review.getByTestId('buy-total').textContent()).toMatch(
      /^In all: 3 SAHC and at most [0-9.]+ ETH in fees\.$/,
    );
    expect(await auditAndShoot('review')).toEqual([]);

    await review.getByRole('button', { name: 'Buy', exact: true }).click();
    const done = dialog.getByTestId('buy-done');
    await done.waitFor({ timeout: CHAIN_MS });
    const [, licenseId] = /licence #(\d+)/.exec((await done.textContent()) ?? '') ?? [];
    expect(Number(licenseId)).toBeGreaterThan(0);
    expect(await done.textContent()).toMatch(
      /Delivery pending: the seller's Sahel delivers it; it will appear in your vault\./,
    );
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });

    await market.getByRole('button', { name: '← All listings' }).click();
    const row = market.locator(`[data-licence="${licenseId}"]`);
    await row.waitFor({ timeout: CHAIN_MS });
    await expect
      .poll(() => row.getAttribute('data-state'), { timeout: CHAIN_MS, interval: 500 })
      .toBe('received');
    expect(await row.textContent()).toContain(`${TITLE} (asset #${assetId})`);
    const { licenses } = JSON.parse(await sahel(['--json', 'market', 'licenses']));
    const itemId: string = licenses[0].itemId;
    await expect
      .poll(() => market.getByTestId('my-sales').locator(':scope > li').first().getAttribute('data-state'), {
        timeout: CHAIN_MS,
      })
      .toBe('delivered');
    await page.getByRole('region', { name: 'My licences' }).scrollIntoViewIfNeeded();
    expect(await auditAndShoot('licences')).toEqual([]);

    await row.getByRole('button', { name: 'Open in vault' }).click();
    const vault = page.locator('[data-page="vault"]');
    await expect.poll(() => vault.locator('#vault-detail-title').textContent()).toBe('wells.txt');
    // The bought copy (tagged, with the licence's item id), not the seller's own note of the same name.
    const detail = vault.locator('.vault-detail');
    expect(await detail.textContent()).toContain(itemId);
    expect(await detail.textContent()).toContain('licensed');
    await page.screenshot({ path: join(SHOTS, 'market-buy-vault-item.png') });
    expect(e2e.consoleErrors).toEqual([]);
  });

  it('a licence not delivered by the deadline turns refundable; Refund… after a confirmation takes the payment back', {
    timeout: 300_000,
  }, async () => {
    // A seller this owner does not hold (a fresh key on the devnet): nothing will ever deliver its offer.
    const { api, close } = await wsConnect(e2e.serve);
    const status = await api.network.devnetStatus({});
    close();
    const rpcUrl = status.rpcUrl ?? '';
    const contracts = status.contracts;
    if (!contracts) throw new Error('the devnet has no contracts');
    const rpc = async (method: string, params: unknown[] = []) => {
      const res = await fetch(rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
      });
      return ((await res.json()) as { result: unknown }).result;
    };
    const other = privateKeyToAccount(generatePrivateKey());
    await rpc('anvil_setBalance', [other.address, toHex(10n ** 18n)]);
    const reader = createPublicClient({ transport: http(rpcUrl) });
    const writer = createWalletClient({ account: other, transport: http(rpcUrl) });
    /** Simulates (for the call's result), then sends and waits for the receipt. */
    const send = async (to: string, abi: Abi, functionName: string, args: unknown[]) => {
      const address = to as Hex;
      const { result } = await reader.simulateContract({ account: other, address, abi, functionName, args });
      const data = encodeFunctionData({ abi, functionName, args });
      const hash = await writer.sendTransaction({ to: address, data, chain: null });
      await reader.waitForTransactionReceipt({ hash });
      return result as bigint;
    };
    // The same (readable) metadata as the published note, read from the chain (the API's asset page caps
    // and neutralises it for display), under another content hash.
    const { metadataURI } = (await reader.readContract({
      address: contracts.assetRegistry as Hex,
      abi: abis.assetRegistry(),
      functionName: 'getAsset',
      args: [BigInt(assetId)],
    })) as { metadataURI: string };
    const otherAsset = await send(contracts.assetRegistry, abis.assetRegistry(), 'register', [
      0,
      keccak256(toHex('never delivered')),
      metadataURI,
      [other.address],
      [10_000],
      [],
      [],
    ]);
    const terms = {
      token: contracts.paymentToken,
      price: 2n * 10n ** 18n,
      commercialUse: false,
      derivativesAllowed: true,
      duration: 0n,
      maxLicenses: 0,
    };
    await send(contracts.marketplace, abis.marketplace(), 'createOffer', [otherAsset, terms, 0n]);

    await page.goto(`${e2e.url}#/market`);
    await market.getByRole('heading', { name: /listings/ }).waitFor({ timeout: CHAIN_MS });
    const listing = market.locator('.market-item', { hasText: `asset #${otherAsset} ` });
    await listing.locator('.market-item-title').click();
    await market.getByRole('heading', { name: TITLE }).waitFor();
    await market.getByRole('button', { name: 'Buy…' }).click();
    const dialog = page.getByRole('dialog', { name: `Buy “${TITLE}”` });
    await dialog.getByLabel('Pay from').selectOption(buyer);
    await dialog.getByRole('button', { name: 'Review…' }).click();
    await dialog.getByRole('button', { name: 'Buy', exact: true }).click({ timeout: CHAIN_MS });
    const done = dialog.getByTestId('buy-done');
    await done.waitFor({ timeout: CHAIN_MS });
    const [, licenseId] = /licence #(\d+)/.exec((await done.textContent()) ?? '') ?? [];
    await dialog.getByRole('button', { name: 'Close' }).click();
    await market.getByRole('button', { name: '← All listings' }).click();
    const row = market.locator(`[data-licence="${licenseId}"]`);
    await row.waitFor({ timeout: CHAIN_MS });
    expect(await row.getAttribute('data-state')).toBe('escrowed');
    expect(await row.textContent()).toMatch(/escrowed: waiting for the seller’s delivery/);
    // While it waits, the status bar says so (the owner's market.activity event, after its round).
    const deliveries = page.getByTestId('status-deliveries');
    await expect.poll(() => deliveries.textContent(), { timeout: CHAIN_MS }).toBe('1 purchase arriving');
    expect(await row.getByRole('button', { name: 'Refund…' }).count()).toBe(0);

    // Past the delivery window (a day on the devnet) by the chain's clock.
    await rpc('evm_increaseTime', [2 * 86_400]);
    await rpc('evm_mine');
    const refund = row.getByRole('button', { name: 'Refund…' });
    await refund.waitFor({ timeout: CHAIN_MS });
    expect(await row.textContent()).toMatch(/not delivered in time: refundable/);
    // The price comes back as the buyer's balance on the marketplace (Marketplace.owed), to withdraw.
    const balance = () =>
      reader.readContract({
        address: contracts.marketplace as Hex,
        abi: abis.marketplace(),
        functionName: 'owed',
        args: [contracts.paymentToken, buyer],
      }) as Promise<bigint>;
    const before = await balance();
    await refund.click();
    const confirm = page.getByRole('dialog', { name: `Refund licence #${licenseId}?` });
    expect(await auditAndShoot('refund')).toEqual([]);
    await confirm.getByRole('button', { name: 'Refund', exact: true }).click();
    await confirm.waitFor({ state: 'detached', timeout: CHAIN_MS });
    await expect.poll(() => row.getAttribute('data-state'), { timeout: CHAIN_MS }).toBe('refunded');
    await expect.poll(() => deliveries.count(), { timeout: CHAIN_MS }).toBe(0);
    expect(await row.getByRole('button', { name: 'Refund…' }).count()).toBe(0);
    expect((await balance()) - before).toBe(terms.price);
    expect(e2e.consoleErrors).toEqual([]);
  });
  it('My earnings shows what the sale credited the seller; Withdraw… reviews, confirms once, and leaves nothing owed', {
    timeout: 300_000,
  }, async () => {
    const earnings = async () => {
      const { api, close } = await wsConnect(e2e.serve);
      try {
        return (await api.market.earnings({})).earnings;
      } finally {
        close();
      }
    };
    const before = (await earnings()).find((e) => e.account === seller);
    if (!before) throw new Error('the sale credited the seller nothing');
    const owed = BigInt(before.withdrawable);
    expect(owed).toBeGreaterThan(0n);
    expect(before.assets.find((a) => a.assetId === assetId)?.roles).toContain('seller');
    const owedText = `${formatUnits(owed, before.decimals)} SAHC`;

    await page.goto(`${e2e.url}#/market`);
    const section = page.getByRole('region', { name: 'My earnings' });
    const row = section.locator(`[data-account="${seller}"]`);
    await row.waitFor({ timeout: CHAIN_MS });
    expect(await row.getByTestId('earning-withdrawable').textContent()).toBe(owedText);
    expect(await row.getByTestId('earning-withdrawn').textContent()).toBe('0 SAHC');
    const asset = row.locator(`[data-asset="${assetId}"]`);
    expect(await asset.textContent()).toMatch(/Seller/);
    // The refund of the test before credited the buyer: its own row, withdrawable too.
    const buyerRow = section.locator(`[data-account="${buyer}"]`);
    expect(await buyerRow.getByTestId('earning-refunded').textContent()).toBe('2 SAHC');
    await section.scrollIntoViewIfNeeded();
    expect(await auditAndShoot('earnings')).toEqual([]);

    await row.getByRole('button', { name: 'Withdraw…' }).click();
    const dialog = page.getByRole('dialog', { name: /^Withdraw SAHC to / });
    const review = dialog.getByTestId('withdraw-review');
    await review.waitFor({ timeout: CHAIN_MS });
    expect(await review.getByTestId('withdraw-amount').textContent()).toBe(owedText);
    expect(await review.textContent()).toContain(seller);
    const steps = await review.getByTestId('withdraw-steps').locator(':scope > li').allTextContents();
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatch(/^withdraw to 0x[0-9a-fA-F]{40}token0x[0-9a-fA-F]{40}Feeat most [0-9.]+ ETH$/);
    expect(await auditAndShoot('withdraw-review')).toEqual([]);

    await review.getByRole('button', { name: 'Withdraw', exact: true }).click();
    const done = dialog.getByTestId('withdraw-done');
    await done.waitFor({ timeout: CHAIN_MS });
    expect(await done.textContent()).toContain(`Withdrew ${owedText} to ${seller}`);
    expect(await done.getByTestId('withdraw-tx').textContent()).toMatch(/^0x[0-9a-f]{64}$/);
    // The hash wraps inside the dialog rather than running past its edge.
    expect(await done.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    expect(await auditAndShoot('withdraw-done')).toEqual([]);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });

    await expect
      .poll(() => row.getByTestId('earning-withdrawable').textContent(), { timeout: CHAIN_MS })
      .toBe('0 SAHC');
    await expect
      .poll(() => row.getByTestId('earning-withdrawn').textContent(), { timeout: CHAIN_MS })
      .toBe(owedText);
    expect(await row.getByRole('button', { name: 'Withdraw…' }).count()).toBe(0);
    const after = (await earnings()).find((e) => e.account === seller);
    expect(after?.withdrawable).toBe('0');
    expect(after?.withdrawn).toBe(owed.toString());
    expect(after?.credited).toBe(before.credited);
    expect(e2e.consoleErrors).toEqual([]);
  });
});
