import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditButtons, type UnreadableButton } from '../support/contrast.js';
import { type ServeAndBrowser, SHOTS, withServeAndBrowser } from '../support/e2e.js';
import { ROOT } from '../support/sahel-process.js';
import { wsConnect } from '../support/ws-client.js';

const PAGES = ['chat', 'vault', 'wallet', 'market', 'agent', 'tasks', 'models', 'settings'] as const;
const TINY = join(ROOT, '..', 'shared', 'models', 'llama-2-tiny-random.gguf');
const PASSPHRASE = 'lantern quarry 73 olive heron';
/** Argon2id, the engine's start and the devnet's first start on a busy two-core machine. */
const SLOW_MS = 120_000;

interface Finding extends UnreadableButton {
  where: string;
}

describe('every button can be read, on every page, in every state, in both themes', () => {
  let e2e: ServeAndBrowser;
  let page: Page;
  let api: Awaited<ReturnType<typeof wsConnect>>['api'];
  let closeApi: () => void;

  /** Visits every page in both themes and returns the unreadable buttons, each with where it was. */
  async function auditAll(state: string, ready: Partial<Record<string, string>> = {}): Promise<Finding[]> {
    const findings: Finding[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const id of PAGES) {
        await page.goto(`${e2e.url}#/${id}`);
        const root = page.locator(`[data-page="${id}"]`);
        await root.waitFor();
        const marker = ready[id];
        if (marker) await root.locator(marker).first().waitFor({ timeout: SLOW_MS });
        // What a page loads replaces its "Loading…" line; audit what the user then sees.
        await expect.poll(() => root.textContent(), { timeout: SLOW_MS }).not.toMatch(/Loading…/);
        await page.mouse.move(0, 0);
        if (scheme === 'light')
          await page.screenshot({ path: join(SHOTS, `${state}-${id}.png`), fullPage: true });
        for (const f of await page.evaluate(auditButtons))
          findings.push({ where: `${state}/${id}/${scheme}`, ...f });
      }
    }
    return findings;
  }

  beforeAll(async () => {
    e2e = await withServeAndBrowser({ viewport: { width: 1280, height: 860 } });
    page = e2e.page;
    ({ api, close: closeApi } = await wsConnect(e2e.serve));
  }, SLOW_MS);

  afterAll(async () => {
    closeApi?.();
    await e2e?.close();
  });

  it(
    'before the vault exists',
    async () => {
      expect(await auditAll('no-vault', { vault: 'text=Passphrase' })).toEqual([]);
    },
    SLOW_MS,
  );

  it(
    'unlocked, no wallet, a model imported but not loaded (its Load button shown)',
    async () => {
      await api.vault.create({ passphrase: PASSPHRASE });
      await api.models.import({ path: TINY });
      expect(
        await auditAll('unlocked', {
          models: '[data-model="llama-2-tiny-random"]',
          wallet: 'text=Set up your wallet',
        }),
      ).toEqual([]);
    },
    SLOW_MS,
  );

  it(
    'with the tiny model loaded and a wallet created',
    async () => {
      await api.models.use({ id: 'llama-2-tiny-random' });
      await api.wallet.create({ words: 12 });
      expect(
        await auditAll('loaded', {
          models: '[data-testid="engine"][data-state="ready"]',
          wallet: 'text=Back up',
        }),
      ).toEqual([]);
    },
    2 * SLOW_MS,
  );

  it(
    'locked',
    async () => {
      await api.vault.lock({});
      expect(await auditAll('locked', { vault: 'text=Unlock' })).toEqual([]);
    },
    SLOW_MS,
  );
});
