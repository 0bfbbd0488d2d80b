import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { privateKeyToAddress } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServeAndBrowser, SHOTS, withServeAndBrowser } from '../support/e2e.js';
import { wsConnect } from '../support/ws-client.js';

const PASSPHRASE = 'copper heron drifts 58 meadow';
/** Argon2id per create/unlock, and the devnet's first start (anvil, deployment, seeding, funding). */
const KDF_MS = 30_000;
const CHAIN_MS = 90_000;
/** Per test: a KDF or a devnet start, with room for the steps around it. */
const TEST_MS = 150_000;
const SEND = '1.25';

/** The number in a balance cell ("9,998.5" → 9998.5). */
function amountOf(text: string | null): number {
  return Number((text ?? '').replace(/,/g, '').trim());
}

describe('the wallet in Chromium against sahel serve', () => {
  let e2e: ServeAndBrowser;
  let page: Page;
  let wallet: Locator;
  let words: string[] = [];

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `wallet-${name}.png`) });
  /** Account 1's send dialog, with the Savings account picked as the recipient. */
  const openSendToSavings = async () => {
    await wallet
      .locator('.wallet-account-list')
      .getByRole('button', { name: /Account 1/ })
      .click();
    await expect.poll(() => wallet.locator('.wallet-panel-title').textContent()).toBe('Account 1');
    await wallet.getByRole('button', { name: 'Send', exact: true }).click();
    const send = page.getByRole('dialog', { name: 'Send' });
    const savings = await send.getByRole('option', { name: /Savings/ }).getAttribute('value');
    await send.getByLabel('Or pick one of your accounts').selectOption(savings ?? '');
    return send;
  };
  const statusBar = () => page.getByTestId('status-bar');

  beforeAll(async () => {
    e2e = await withServeAndBrowser({ viewport: { width: 1280, height: 860 } });
    page = e2e.page;
    wallet = page.locator('[data-page="wallet"]');
  });

  afterAll(() => e2e?.close());

  it(
    'asks for the vault first, then offers to create or import a wallet',
    async () => {
      await page.goto(`${e2e.url}#/wallet`);
      await wallet.getByRole('heading', { name: 'Set up your vault first' }).waitFor();
      await wallet.getByRole('button', { name: 'Go to the vault' }).click();
      const vault = page.locator('[data-page="vault"]');
      await vault.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
      await vault.getByLabel('Confirm passphrase', { exact: true }).fill(PASSPHRASE);
      await vault.getByRole('button', { name: 'Create vault' }).click();
      await vault.getByRole('searchbox', { name: 'Search vault' }).waitFor({ timeout: KDF_MS });

      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Wallet' }).click();
      await wallet.getByRole('heading', { name: 'Set up your wallet' }).waitFor();
      await wallet.getByRole('tab', { name: 'Import a wallet' }).click();
      // A malformed phrase is refused on the page, before anything is sent.
      await wallet.getByRole('textbox', { name: 'Recovery phrase' }).fill('only three words');
      await wallet.getByRole('button', { name: 'Import', exact: true }).click();
      expect(await wallet.getByRole('alert').textContent()).toMatch(/12 to 24 words; this has 3/);
      await shot('import');
      await wallet.getByRole('tab', { name: 'Create a new wallet' }).click();
      await shot('setup');
    },
    TEST_MS,
  );

  it(
    'creates a wallet and shows the words once, without letting them be selected',
    async () => {
      await wallet.getByRole('radio', { name: /12 words/ }).check();
      await wallet.getByRole('button', { name: 'Create wallet' }).click();
      await wallet.getByRole('heading', { name: 'Back up your recovery phrase' }).waitFor();
      await wallet.getByRole('button', { name: 'Show my recovery phrase' }).click();
      const grid = wallet.getByTestId('wallet-words');
      await grid.waitFor();
      words = await grid.locator('.wallet-word-text').allTextContents();
      expect(words).toHaveLength(12);
      for (const w of words) expect(w).toMatch(/^[a-z]{3,8}$/);
      expect(await grid.evaluate((el) => getComputedStyle(el).userSelect)).toBe('none');
      await shot('backup-words');
    },
    TEST_MS,
  );

  it(
    'refuses a wrong word, then confirms the backup with the right ones',
    async () => {
      await wallet.getByRole('button', { name: 'I have written them down' }).click();
      await wallet.getByRole('heading', { name: 'Confirm your recovery phrase' }).waitFor();
      const labels = await wallet.locator('.wallet-quiz label').allTextContents();
      const positions = labels.map((l) => Number(l.replace('Word ', '')));
      expect(positions).toHaveLength(3);
      for (const p of positions) await wallet.getByLabel(`Word ${p}`, { exact: true }).fill('zzzz');
      await wallet.getByRole('button', { name: 'Confirm backup' }).click();
      await expect.poll(() => wallet.getByRole('alert').textContent()).toMatch(/does not match/);
      // A wrong answer starts over from the words, with new positions.
      await wallet.getByRole('button', { name: 'Show my recovery phrase' }).click();
      await wallet.getByTestId('wallet-words').waitFor();
      await wallet.getByRole('button', { name: 'I have written them down' }).click();
      await wallet.getByRole('heading', { name: 'Confirm your recovery phrase' }).waitFor();
      const again = (await wallet.locator('.wallet-quiz label').allTextContents()).map((l) =>
        Number(l.replace('Word ', '')),
      );
      for (const p of again) await wallet.getByLabel(`Word ${p}`, { exact: true }).fill(words[p - 1] ?? '');
      await shot('backup-quiz');
      await wallet.getByRole('button', { name: 'Confirm backup' }).click();
      await wallet.getByRole('heading', { name: 'Accounts' }).waitFor();
      expect(await wallet.textContent()).not.toContain('not backed up');
    },
    TEST_MS,
  );

  it(
    'shows the recovery phrase again only after the vault passphrase',
    async () => {
      await wallet.getByRole('button', { name: 'Show recovery phrase' }).click();
      const dialog = page.getByRole('dialog', { name: 'Recovery phrase' });
      await dialog.getByLabel('Vault passphrase', { exact: true }).fill('wrong passphrase here');
      await dialog.getByRole('button', { name: 'Show words' }).click();
      await expect.poll(() => dialog.getByRole('alert').textContent(), { timeout: KDF_MS }).toBeTruthy();
      expect(await dialog.getByTestId('wallet-words').count()).toBe(0);
      await dialog.getByLabel('Vault passphrase', { exact: true }).fill(PASSPHRASE);
      await dialog.getByRole('button', { name: 'Show words' }).click();
      await dialog.getByTestId('wallet-words').waitFor({ timeout: KDF_MS });
      expect(await dialog.locator('.wallet-word-text').allTextContents()).toEqual(words);
      await dialog.getByRole('button', { name: 'Hide' }).click();
      await dialog.waitFor({ state: 'detached' });
      expect(await page.content()).not.toContain(words.join(' '));
    },
    TEST_MS,
  );

  it(
    'shows the devnet, its badge, and a funded first account',
    async () => {
      await expect
        .poll(() => statusBar().getByTestId('status-network').textContent(), { timeout: CHAIN_MS })
        .toMatch(/devnet.*DEVNET/);
      const network = wallet.getByTestId('wallet-network');
      await expect
        .poll(() => network.textContent(), { timeout: CHAIN_MS })
        .toMatch(/Chain id 31337 · block \d+/);
      const native = wallet.getByTestId('wallet-native-balance');
      await expect
        .poll(async () => amountOf(await native.textContent()), { timeout: CHAIN_MS })
        .toBeGreaterThan(0);
      await shot('home');
    },
    TEST_MS,
  );

  it(
    'adds a second account, sends to it through the review screen, and sees it confirmed',
    async () => {
      await wallet.getByRole('button', { name: 'Add account' }).click();
      const add = page.getByRole('dialog', { name: 'Add account' });
      await add.getByLabel('Name').fill('Savings');
      await add.getByRole('button', { name: 'Add account' }).click();
      await add.waitFor({ state: 'detached' });
      const list = wallet.locator('.wallet-account-list');
      await list.getByRole('button', { name: /Savings/ }).waitFor();
      const savingsAddress = await wallet.getByTestId('wallet-address').textContent();
      expect(savingsAddress).toMatch(/^0x[0-9a-fA-F]{40}$/);
      // The devnet's faucet funds every new account of the wallet; the send's effect comes on top.
      const native = wallet.getByTestId('wallet-native-balance');
      await expect
        .poll(async () => amountOf(await native.textContent()), { timeout: CHAIN_MS })
        .toBeGreaterThan(0);
      const savingsBefore = amountOf(await native.textContent());

      await list.getByRole('button', { name: /Account 1/ }).click();
      await expect.poll(() => wallet.locator('.wallet-panel-title').textContent()).toBe('Account 1');
      const before = amountOf(await native.textContent());
      await wallet.getByRole('button', { name: 'Send', exact: true }).click();
      const send = page.getByRole('dialog', { name: 'Send' });
      // Validation on the page: a bad address and a zero amount are refused with reasons.
      await send.getByLabel('To', { exact: true }).fill('0x1234');
      await send.getByLabel('Amount').fill('0');
      await send.getByRole('button', { name: 'Review' }).click();
      expect(await send.textContent()).toMatch(/40 characters after 0x/);
      expect(await send.textContent()).toMatch(/above zero/);
      await send.getByLabel('Or pick one of your accounts').selectOption(savingsAddress ?? '');
      expect(await send.getByLabel('To', { exact: true }).inputValue()).toBe(savingsAddress);
      await send.getByLabel('Amount').fill(SEND);
      await shot('send');
      await send.getByRole('button', { name: 'Review' }).click();

      const review = page.getByRole('dialog', { name: 'Review the send' });
      await review.getByTestId('wallet-review').waitFor({ timeout: CHAIN_MS });
      expect(await review.getByTestId('wallet-review-amount').textContent()).toBe(`${SEND} ETH`);
      expect(await review.textContent()).toContain(savingsAddress);
      expect(await review.getByTestId('wallet-review-network').textContent()).toMatch(
        /devnet · chain id 31337/,
      );
      expect(
        amountOf((await review.getByTestId('wallet-review-fee').textContent())?.split(' ')[0] ?? ''),
      ).toBeGreaterThan(0);
      await shot('review');
      await review.getByRole('button', { name: 'Confirm and send' }).click();

      const sent = page.getByRole('dialog', { name: 'Sent' });
      const progress = sent.getByTestId('wallet-send-progress');
      await expect.poll(() => progress.getAttribute('data-status'), { timeout: CHAIN_MS }).toBe('confirmed');
      expect(await progress.textContent()).toMatch(/Included in block \d+/);
      await shot('sent');
      await sent.getByRole('button', { name: 'Done' }).click();

      const row = wallet.getByTestId('wallet-history').locator('tbody tr').first();
      await expect.poll(() => row.getAttribute('data-status')).toBe('confirmed');
      expect(await row.textContent()).toMatch(new RegExp(`${SEND.replace('.', '\\.')} ETH`));
      expect(await row.textContent()).toMatch(/Account 1 → Savings/);
      // The sender lost the amount and a fee; the recipient gained exactly the amount.
      await expect.poll(async () => amountOf(await native.textContent())).toBeLessThan(before - Number(SEND));
      await list.getByRole('button', { name: /Savings/ }).click();
      await expect.poll(async () => amountOf(await native.textContent())).toBe(savingsBefore + Number(SEND));
      await shot('history');
      await page.emulateMedia({ colorScheme: 'dark' });
      await shot('history-dark');
      await page.emulateMedia({ colorScheme: 'light' });
    },
    TEST_MS,
  );

  it(
    'follows a pending send, and speeds one up and cancels another while the devnet holds them',
    async () => {
      const { api, close } = await wsConnect(e2e.serve);
      const { rpcUrl } = await api.network.devnetStatus({});
      expect(rpcUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
      const rpc = async (method: string, params: unknown[] = []) => {
        const res = await fetch(rpcUrl ?? '', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
        });
        return ((await res.json()) as { result: unknown }).result;
      };
      const rows = wallet.getByTestId('wallet-history').locator('tbody tr');
      const sendPending = async (amount: string) => {
        const send = await openSendToSavings();
        await send.getByLabel('Amount').fill(amount);
        await send.getByRole('button', { name: 'Review' }).click();
        const review = page.getByRole('dialog', { name: 'Review the send' });
        await review.getByRole('button', { name: 'Confirm and send' }).click({ timeout: CHAIN_MS });
        const sent = page.getByRole('dialog', { name: 'Sent' });
        const progress = sent.getByTestId('wallet-send-progress');
        await progress.waitFor();
        expect(await progress.getAttribute('data-status')).toBe('pending');
        expect(await progress.textContent()).toMatch(/Waiting for it to be included/);
        await sent.getByRole('button', { name: 'Close' }).click();
        await expect.poll(() => rows.first().getAttribute('data-status')).toBe('pending');
        return (await rows.first().getAttribute('data-hash')) ?? '';
      };
      const row = (hash: string) => wallet.locator(`tr[data-hash="${hash}"]`);

      await rpc('evm_setAutomine', [false]);
      try {
        const slow = await sendPending('0.5');
        await shot('pending');
        await row(slow).getByRole('button', { name: 'Speed up' }).click();
        await expect.poll(() => rows.first().getAttribute('data-hash')).not.toBe(slow);
        expect(await rows.first().textContent()).toMatch(/Speed-up/);
        expect(await rows.first().textContent()).toMatch(/0\.5 ETH/);
        expect(await row(slow).textContent()).toMatch(/Being replaced/);

        const unwanted = await sendPending('0.25');
        await row(unwanted).getByRole('button', { name: 'Cancel' }).click();
        await expect.poll(() => rows.first().getAttribute('data-hash')).not.toBe(unwanted);
        expect(await rows.first().textContent()).toMatch(/Cancel/);
        await shot('replacing');

        await rpc('evm_mine');
        await expect
          .poll(() => row(slow).getAttribute('data-status'), { timeout: CHAIN_MS })
          .toBe('replaced');
        await expect
          .poll(() => row(unwanted).getAttribute('data-status'), { timeout: CHAIN_MS })
          .toBe('replaced');
        await expect
          .poll(() => rows.first().getAttribute('data-status'), { timeout: CHAIN_MS })
          .toBe('confirmed');
        expect(await rows.nth(2).getAttribute('data-status')).toBe('confirmed');
        // Neither replaced row offers the buttons any more.
        expect(await wallet.getByRole('button', { name: 'Speed up' }).count()).toBe(0);
        await shot('replaced');
      } finally {
        await rpc('evm_setAutomine', [true]);
        close();
      }
    },
    TEST_MS,
  );

  it(
    'reads amounts as the app shows them, fills Max, and asks a second tick for the zero address',
    async () => {
      const send = await openSendToSavings();
      const amount = send.getByLabel('Amount');
      const review = page.getByRole('dialog', { name: 'Review the send' });

      // "1,5" is neither 15 nor 1.5 nor 1: refused, with how to write it.
      await amount.fill('1,5');
      await send.getByRole('button', { name: 'Review' }).click();
      expect(await send.textContent()).toMatch(/Use a dot for decimals: 1,5 is not an amount/);
      // "1,000" is a thousand (more than the account holds), not 1.000.
      await amount.fill('1,000');
      await send.getByRole('button', { name: 'Review' }).click();
      expect(await send.textContent()).toMatch(/More than this account holds/);
      // ".5" is half a coin.
      await amount.fill('.5');
      await send.getByRole('button', { name: 'Review' }).click();
      await review.getByTestId('wallet-review').waitFor({ timeout: CHAIN_MS });
      expect(await review.getByTestId('wallet-review-amount').textContent()).toBe('0.5 ETH');
      await review.getByRole('button', { name: 'Back' }).click();

      // Max for the native coin: the balance less the most fee; the owner's review accepts it as is.
      const available = async () => {
        const note = (await send.locator('.field-note', { hasText: 'Available:' }).textContent()) ?? '';
        return amountOf(note.replace(/^.*Available:\s*/, '').split(' ')[0] ?? '');
      };
      const balance = await available();
      await send.getByRole('button', { name: 'Max' }).click();
      await expect.poll(() => amount.inputValue(), { timeout: CHAIN_MS }).not.toBe('.5');
      const max = await amount.inputValue();
      expect(amountOf(max)).toBeLessThan(balance);
      expect(amountOf(max)).toBeGreaterThan(balance - 0.01);
      await send.getByRole('button', { name: 'Review' }).click();
      await review.getByTestId('wallet-review').waitFor({ timeout: CHAIN_MS });
      expect(await review.getByTestId('wallet-review-amount').textContent()).toBe(`${max} ETH`);
      await review.getByRole('button', { name: 'Back' }).click();

      // Max for a token: all of it (the fee is paid in ETH).
      const asset = send.getByLabel('Asset');
      const tokenValue = await asset.locator('option').nth(1).getAttribute('value');
      await asset.selectOption(tokenValue ?? '');
      const tokenBalance = await available();
      expect(tokenBalance).toBeGreaterThan(0);
      await send.getByRole('button', { name: 'Max' }).click();
      await expect
        .poll(async () => amountOf(await amount.inputValue()), { timeout: CHAIN_MS })
        .toBe(tokenBalance);

      // The zero address: refused until its own box is ticked.
      await asset.selectOption('native');
      await send.getByLabel('To', { exact: true }).fill(`0x${'0'.repeat(40)}`);
      await amount.fill('0.1');
      await send.getByRole('button', { name: 'Review' }).click();
      expect(await send.textContent()).toMatch(/zero address: whatever is sent there is lost/);
      await shot('send-zero-address');
      await send.getByLabel(/Yes, send to the zero address/).check();
      await send.getByRole('button', { name: 'Review' }).click();
      await review.getByTestId('wallet-review').waitFor({ timeout: CHAIN_MS });
      expect(await review.textContent()).toContain(`0x${'0'.repeat(40)}`);
      await review.getByRole('button', { name: 'Back' }).click();
      await send.getByRole('button', { name: 'Cancel' }).click();
      await send.waitFor({ state: 'detached' });
    },
    TEST_MS,
  );

  it(
    'exports a keystore v3 file after the vault passphrase',
    async () => {
      const address = (await wallet.getByTestId('wallet-address').textContent()) ?? '';
      await wallet.getByRole('button', { name: 'Export keystore' }).click();
      const dialog = page.getByRole('dialog', { name: 'Export keystore file' });
      await dialog.getByLabel('File password', { exact: true }).fill('tangerine otter 41 glacier');
      await dialog.getByLabel('Confirm file password', { exact: true }).fill('tangerine otter 41 glacier');
      await dialog.getByLabel('Vault passphrase', { exact: true }).fill('not the passphrase');
      await dialog.getByRole('button', { name: 'Export' }).click();
      await expect.poll(() => dialog.getByRole('alert').textContent(), { timeout: KDF_MS }).toBeTruthy();
      await dialog.getByLabel('Vault passphrase', { exact: true }).fill(PASSPHRASE);
      const download = page.waitForEvent('download', { timeout: KDF_MS * 2 });
      await dialog.getByRole('button', { name: 'Export' }).click();
      const file = await download;
      expect(file.suggestedFilename()).toMatch(
        new RegExp(`^UTC--.+--${address.slice(2).toLowerCase()}\\.json$`),
      );
      const path = await file.path();
      const json = JSON.parse(readFileSync(path, 'utf8')) as {
        version: number;
        address: string;
        crypto: { kdf: string };
      };
      expect(json.version).toBe(3);
      expect(json.address.toLowerCase().replace(/^0x/, '')).toBe(address.slice(2).toLowerCase());
      expect(json.crypto.kdf).toBe('scrypt');
      await dialog.getByRole('button', { name: 'Done' }).click();
    },
    TEST_MS,
  );

  it(
    'adds an RPC network (its chain id checked), switches to it and back, and the badge follows',
    async () => {
      const { api, close } = await wsConnect(e2e.serve);
      const { rpcUrl, contracts } = await api.network.devnetStatus({});
      close();
      const network = wallet.getByTestId('wallet-network');
      await network.getByRole('button', { name: 'Add network' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add network' });
      await dialog.getByLabel('Name').fill('bad name!');
      await dialog.getByLabel('RPC URL').fill('ftp://example.org');
      await dialog.getByLabel('Chain id').fill('x');
      await dialog.getByRole('button', { name: 'Add network' }).click();
      expect(await dialog.textContent()).toMatch(/letters, digits, dot, dash and underscore/);
      expect(await dialog.textContent()).toMatch(/http\(s\):\/\/ or ws\(s\):\/\//);
      expect(await dialog.textContent()).toMatch(/whole number/);
      // The same loopback chain under another name: a real RPC, no internet needed.
      await dialog.getByLabel('Name').fill('mirror');
      await dialog.getByLabel('RPC URL').fill(rpcUrl ?? '');
      await dialog.getByLabel('Chain id').fill('1');
      await dialog.getByRole('button', { name: 'Add network' }).click();
      await expect
        .poll(() => dialog.getByRole('alert').textContent(), { timeout: CHAIN_MS })
        .toMatch(/31337/);
      await dialog.getByLabel('Chain id').fill('31337');
      await dialog.getByText('Marketplace contracts').click();
      await dialog.getByLabel('PaymentToken').fill(contracts?.paymentToken ?? '');
      await dialog.getByLabel('AssetRegistry').fill(contracts?.assetRegistry ?? '');
      await dialog.getByLabel('Marketplace', { exact: true }).fill(contracts?.marketplace ?? '');
      await dialog.getByRole('button', { name: 'Add network' }).click();
      await dialog.waitFor({ state: 'detached', timeout: CHAIN_MS });

      await network.getByLabel('Network').selectOption('mirror');
      await expect
        .poll(() => statusBar().getByTestId('status-network').textContent())
        .toBe('Network: mirror');
      expect(await network.textContent()).not.toContain('DEVNET');
      await expect
        .poll(() => network.textContent(), { timeout: CHAIN_MS })
        .toMatch(/Chain id 31337 · block \d+/);
      await expect
        .poll(async () => amountOf(await wallet.getByTestId('wallet-native-balance').textContent()), {
          timeout: CHAIN_MS,
        })
        .toBeGreaterThan(0);
      await shot('other-network');
      await network.getByLabel('Network').selectOption('devnet');
      await expect
        .poll(() => statusBar().getByTestId('status-network').textContent())
        .toMatch(/devnet.*DEVNET/);

      // Forgetting the active RPC network asks first, then falls back to the devnet.
      await network.getByLabel('Network').selectOption('mirror');
      await network.getByRole('button', { name: 'Forget' }).click();
      const forget = page.getByRole('dialog', { name: 'Forget mirror?' });
      await forget.getByRole('button', { name: 'Forget network' }).click();
      await forget.waitFor({ state: 'detached' });
      await expect
        .poll(() => statusBar().getByTestId('status-network').textContent())
        .toMatch(/devnet.*DEVNET/);
      expect(await network.getByRole('option', { name: 'mirror' }).count()).toBe(0);
    },
    TEST_MS,
  );

  it(
    'imports a private key as another account, and never shows the key again',
    async () => {
      const key = `0x${randomBytes(32).toString('hex')}` as const;
      const address = privateKeyToAddress(key);
      await wallet.getByRole('button', { name: 'Import', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Import an account' });
      // The wallet already has its recovery phrase: only single keys can come in.
      expect(await dialog.getByRole('radio', { name: 'Recovery phrase' }).count()).toBe(0);
      // The radio and the field share the label "Private key": the field is the password input.
      const keyField = dialog
        .getByLabel('Private key', { exact: true })
        .and(dialog.locator('input[type="password"]'));
      await keyField.fill('0x1234');
      await dialog.getByRole('button', { name: 'Import', exact: true }).click();
      expect(await dialog.getByRole('alert').textContent()).toMatch(/64 hex digits/);
      await keyField.fill(key);
      await dialog.getByLabel(/Account name/).fill('Cold key');
      await dialog.getByRole('button', { name: 'Import', exact: true }).click();
      await dialog.waitFor({ state: 'detached', timeout: CHAIN_MS });
      await expect.poll(() => wallet.locator('.wallet-panel-title').textContent()).toBe('Cold key');
      expect(await wallet.getByTestId('wallet-address').textContent()).toBe(address);
      expect(await wallet.textContent()).toContain('Imported key');
      expect(await page.content()).not.toContain(key.slice(2));
    },
    TEST_MS,
  );

  it(
    'says so when the vault locks, and comes back after unlocking',
    async () => {
      await statusBar().getByRole('button', { name: 'Lock vault' }).click();
      await wallet.getByRole('heading', { name: 'Your vault is locked' }).waitFor();
      expect(await wallet.textContent()).toMatch(/wallet's keys are kept in the vault/);
      // Addresses are stored readable and balances are public: they show while locked, names do not.
      const locked = wallet.getByTestId('wallet-locked-account');
      await expect.poll(() => locked.count()).toBeGreaterThanOrEqual(3);
      await expect
        .poll(() => locked.first().getByTestId('wallet-native-balance').textContent(), { timeout: CHAIN_MS })
        .toMatch(/^[\d,.]+$/);
      expect(await locked.first().getByTestId('wallet-address').textContent()).toMatch(/^0x[0-9a-fA-F]{40}$/);
      expect(await wallet.textContent()).not.toContain('Savings');
      await shot('locked');
      await wallet.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
      await wallet.getByRole('button', { name: 'Unlock', exact: true }).click();
      await wallet.getByRole('heading', { name: 'Accounts' }).waitFor({ timeout: KDF_MS });
      await wallet
        .locator('.wallet-account-list')
        .getByRole('button', { name: /Savings/ })
        .waitFor();
      expect(e2e.consoleErrors).toEqual([]);
    },
    TEST_MS,
  );
});
