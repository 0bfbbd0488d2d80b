import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServeAndBrowser, SHOTS, withServeAndBrowser } from '../support/e2e.js';

/** The devnet's first start (anvil, deployment, seeding) happens on the first search. */
const CHAIN_MS = 90_000;
const TEST_MS = 150_000;

describe('the Market page in Chromium against sahel serve', () => {
  let fixture: ServeAndBrowser;
  let page: Page;
  let market: Locator;
  let consoleErrors: string[];
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `market-${name}.png`), fullPage: true });

  beforeAll(async () => {
    fixture = await withServeAndBrowser({ viewport: { width: 1280, height: 900 } });
    page = fixture.page;
    consoleErrors = fixture.consoleErrors;
    market = page.locator('[data-page="market"]');
  });

  afterAll(async () => {
    await fixture?.close();
  });

  it(
    'lists the demo offers of the embedded devnet, filters them, and points to the Vault page for publishing',
    async () => {
      await page.goto(`${fixture.url}#/market`);
      const titles = market.locator('.market-item-title');
      await market.getByRole('heading', { name: '4 listings' }).waitFor({ timeout: CHAIN_MS });
      expect(await titles.allTextContents()).toEqual([
        'Grant-writing assistant prompt',
        'Field-report summariser agent',
        'Crop-yield forecaster (small)',
        'Sahel weather stations, one-day sample',
      ]);
      expect(await market.locator('.market-price').allTextContents()).toEqual([
        '5 SAHC',
        '15 SAHC',
        '40 SAHC',
        '25 SAHC',
      ]);
      // The demo assets carry v1 metadata (their ciphertext inline): nothing to warn about.
      expect(await market.locator('.market-warning').count()).toBe(0);
      expect(await market.getByText(/To sell something, open it on the/).isVisible()).toBe(true);
      expect(await market.getByRole('button', { name: 'Vault page' }).isEnabled()).toBe(true);
      // My earnings replaced the line that sent earnings to the CLI; without a wallet nothing is owed.
      expect(await market.getByText(/not in the app yet/).count()).toBe(0);
      const earnings = page.getByRole('region', { name: 'My earnings' });
      await earnings.getByText('Nothing earned or owed on this network yet.').waitFor({ timeout: CHAIN_MS });
      await shot('browse');

      await market.getByLabel('Kind').selectOption('model');
      await market.getByRole('button', { name: 'Search', exact: true }).click();
      await market.getByRole('heading', { name: '1 listing' }).waitFor();
      expect(await titles.allTextContents()).toEqual(['Crop-yield forecaster (small)']);
      await market.getByLabel('Kind').selectOption('');
      await market.getByLabel('Highest price').fill('20');
      await market.getByLabel('Sort').selectOption('price');
      await market.getByRole('heading', { name: '2 listings' }).waitFor();
      expect(await titles.allTextContents()).toEqual([
        'Grant-writing assistant prompt',
        'Field-report summariser agent',
      ]);
      await market.getByLabel('Highest price').fill('');
      await market.getByRole('button', { name: 'Search', exact: true }).click();
      await market.getByRole('heading', { name: '4 listings' }).waitFor();
    },
    TEST_MS,
  );

  it(
    "opens an asset's page with its provenance and the contract's split, Buy… off with the reason",
    async () => {
      await market.getByRole('button', { name: 'Crop-yield forecaster (small)' }).click();
      await market.getByRole('heading', { name: 'Where one purchase goes' }).waitFor();
      const rows = market.locator('.market-split tbody tr');
      await rows.first().waitFor();
      expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-role')))).toEqual([
        'fee',
        'parent',
        'parent',
        'contributor',
      ]);
      const amounts = await market.locator('.market-split tbody td:nth-child(2)').allTextContents();
      expect(amounts).toEqual(['1 SAHC', '2.34 SAHC', '1.56 SAHC', '35.1 SAHC']);
      // A fresh data dir has no vault to receive into (nor a wallet): the page says so beside the button.
      const buy = market.getByRole('button', { name: 'Buy…' });
      expect(await buy.isDisabled()).toBe(true);
      const note = await buy.getAttribute('aria-describedby');
      expect(await market.locator(`#${note}`).textContent()).toBe(
        'Buying needs a vault to receive into: create one on the Vault page.',
      );
      expect(await market.getByText(/Derived from/).isVisible()).toBe(true);
      await shot('asset');

      // The parent's page lists this model among the assets derived from it.
      await market
        .getByRole('button', { name: /#1 Sahel weather stations/ })
        .first()
        .click();
      await market.getByRole('heading', { name: 'Sahel weather stations, one-day sample' }).waitFor();
      await market
        .getByRole('region', { name: 'Provenance' })
        .getByRole('button', { name: /#2 Crop-yield forecaster \(small\) \(model\)/ })
        .waitFor();
      await market.getByRole('button', { name: '← All listings' }).click();
      await market.getByRole('heading', { name: '4 listings' }).waitFor();
      expect(consoleErrors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    'sets the IPFS gateway in Settings, refusing one that is not http(s)',
    async () => {
      await page.goto(`${fixture.url}#/settings`);
      const section = page.getByRole('region', { name: 'Market' });
      const field = section.getByLabel('IPFS gateway');
      await expect.poll(() => field.inputValue()).toBe('https://ipfs.io');
      await field.fill('ftp://gateway.example');
      await section.getByRole('button', { name: 'Save' }).click();
      await expect
        .poll(() => section.getByRole('alert').textContent())
        .toMatch(/Could not change the IPFS gateway/);
      await field.fill('http://127.0.0.1:8080');
      await section.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => section.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
      await page.reload();
      await expect
        .poll(() => page.getByRole('region', { name: 'Market' }).getByLabel('IPFS gateway').inputValue())
        .toBe('http://127.0.0.1:8080');
    },
    TEST_MS,
  );
});
