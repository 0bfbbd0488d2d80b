// Using what was bought, on the Models page in Chromium against `sahel serve` (its embedded devnet, real
// anvil, the real engine with the tiny GGUF): a LoRA adapter and the tiny model bought from the owner's
// second account with a 90-second licence appear in "Your models" (kept in the vault) and the Adapters
// panel, load from the vault, and once the licence ends are labelled "licence expired <date>", can no
// longer be picked or loaded, and the running model is let go saying why.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { auditButtons } from '../support/contrast.js';
import { type ServeAndBrowser, SHOTS, withServeAndBrowser } from '../support/e2e.js';
import { loraGguf, loraTargets } from '../support/lora-gguf.js';
import { BUYER_KEY, field, ok, SELLER_KEY } from '../support/market-cli.js';
import { presetBlobPort } from '../support/market-host.js';
import { ROOT } from '../support/sahel-process.js';

const TINY = join(ROOT, '..', 'shared', 'models', 'llama-2-tiny-random.gguf');
/** Chain rounds, delivery and the engine's start on a busy two-core machine. */
const SLOW_MS = 180_000;

describe('bought model parts on the Models page', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sahel-e2e-use-'));
  const dataDir = join(dir, 'data');
  let e2e: ServeAndBrowser;
  let page: Page;
  let installed: Locator;
  let panel: Locator;
  const sahel = async (args: string[]) =>
    ok(await runCli(args, { dataDir, env: { SAHEL_PASSPHRASE_FILE: join(dir, 'pass') }, timeoutMs: 120_000 }))
      .stdout;

  beforeAll(async () => {
    writeFileSync(join(dir, 'pass'), 'use e2e passphrase, long enough\n', { mode: 0o600 });
    writeFileSync(join(dir, 'seller'), `${SELLER_KEY}\n`, { mode: 0o600 });
    writeFileSync(join(dir, 'buyer'), `${BUYER_KEY}\n`, { mode: 0o600 });
    writeFileSync(join(dir, 'style.gguf'), loraGguf(await loraTargets(TINY), { magnitude: 1 }));
    writeFileSync(join(dir, 'tiny.gguf'), readFileSync(TINY));
    e2e = await withServeAndBrowser({
      dataDir,
      env: { SAHEL_GPU: 'cpu' },
      viewport: { width: 1280, height: 1000 },
      prepare: async () => {
        await sahel(['vault', 'init']);
        await sahel(['wallet', 'import', '--private-key-file', join(dir, 'seller'), '--name', 'Seller']);
        await sahel(['wallet', 'import', '--private-key-file', join(dir, 'buyer'), '--name', 'Buyer']);
        // Its own blob port: the default (7417) may be another test's owner, whose listener would answer.
        await presetBlobPort(dataDir);
      },
    });
    page = e2e.page;
    installed = page.getByRole('list', { name: 'Your models' });
    panel = page.getByTestId('adapters-panel');
    await sahel(['vault', 'unlock']);
    const seller = privateKeyToAccount(SELLER_KEY).address;
    const buyer = privateKeyToAccount(BUYER_KEY).address;
    for (const [file, kind] of [
      ['style.gguf', 'adapter'],
      ['tiny.gguf', 'model'],
    ] as const) {
      const id = field(await sahel(['--json', 'vault', 'add', join(dir, file)]), 'items[0].id');
      const publish = ['--json', 'market', 'publish', id, '--price', '1', '--title', file, '--kind', kind];
      const offer = field(
        await sahel([...publish, '--duration', '90s', '--from', seller, '--yes']),
        'offerId',
      );
      await sahel(['market', 'buy', offer, '--from', buyer, '--max-price', '1', '--yes']);
    }
  }, SLOW_MS);

  afterAll(async () => {
    await e2e?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the bought model as kept in the vault and the bought adapter; loads them together', {
    timeout: SLOW_MS,
  }, async () => {
    // Both received and offered (the owner's background work) before the page opens: what it lists first.
    for (let i = 0; i < 600 && !/vault-[0-9a-f]{32}/.test(await sahel(['models', 'list'])); i++) {
      await new Promise((r) => setTimeout(r, 300));
    }
    await page.goto(`${e2e.url}#/models`);
    const model = installed.locator('[data-model^="vault-"]');
    await model.waitFor({ timeout: SLOW_MS });
    expect(await model.textContent()).toMatch(/tiny\.gguf.*kept in your vault, decrypted only to load/);
    await panel.getByText('style.gguf').waitFor({ timeout: SLOW_MS });
    await model.getByRole('button', { name: 'Load' }).click();
    const applied = panel.getByTestId('adapters-applied');
    await expect.poll(() => applied.textContent(), { timeout: SLOW_MS }).toMatch(/tiny\.gguf runs without/);
    await panel.getByRole('checkbox', { name: /style\.gguf/ }).check();
    await panel.getByRole('button', { name: 'Reload with these adapters' }).click();
    await expect.poll(() => applied.textContent(), { timeout: SLOW_MS }).toMatch(/runs with style\.gguf ×1/);
    expect(e2e.consoleErrors).toEqual([]);
  });

  it('once the licence ends: the model is let go saying why, both say "licence expired <date>" and cannot be used', {
    timeout: SLOW_MS,
  }, async () => {
    const model = installed.locator('[data-model^="vault-"]');
    const label = /licence expired \d{4}-\d\d-\d\d/;
    await expect.poll(() => model.textContent(), { timeout: SLOW_MS, interval: 1000 }).toMatch(label);
    expect(await model.getByRole('button', { name: 'Load' }).count()).toBe(0);
    await expect.poll(() => panel.textContent(), { timeout: SLOW_MS, interval: 1000 }).toMatch(label);
    expect(await panel.getByRole('checkbox', { name: /style\.gguf/ }).isDisabled()).toBe(true);
    expect(await panel.getByTestId('adapters-applied').textContent()).toMatch(/No model is loaded/);
    const findings = [];
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: join(SHOTS, `models-bought-expired-${scheme}.png`), fullPage: true });
      for (const f of await page.evaluate(auditButtons, { fields: true })) findings.push({ scheme, ...f });
    }
    expect(findings).toEqual([]);
    expect(e2e.consoleErrors).toEqual([]);
  });
});
