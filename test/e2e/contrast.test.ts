import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
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

/** A dialog (or a step that takes the page's place, like the backup) and how a user opens it. */
interface Visit {
  page: (typeof PAGES)[number];
  name: string;
  open(root: Locator, page: Page): Promise<void>;
  /** What shows once it is open; by default the dialog of that name. */
  ready?(page: Page): Locator;
}

const click = (name: string | RegExp) => (root: Locator) =>
  root.getByRole('button', { name, exact: typeof name === 'string' }).click();
const inConversation = (name: string) => async (root: Locator) => {
  await root.getByText('Contrast chat').first().click();
  await root.getByRole('button', { name, exact: true }).click();
};

/** The backup's first steps, up to the new recovery phrase on screen. */
async function showNewWords(root: Locator) {
  await click('Back up now')(root);
  await click('Show my recovery phrase')(root);
}

/** Every dialog a fresh data dir reaches with the devnet and the tiny model, before the backup is done. */
const BEFORE_BACKUP: Visit[] = [
  { page: 'vault', name: 'Add note', open: click('Add note') },
  { page: 'vault', name: 'Add secret', open: click('Add secret') },
  { page: 'vault', name: 'Change passphrase', open: click('Change passphrase') },
  {
    page: 'vault',
    name: 'Delete “Contrast note”?',
    open: async (root) => {
      await root.getByRole('option', { name: /Contrast note/ }).click();
      await root.getByRole('button', { name: 'Delete', exact: true }).click();
    },
  },
  { page: 'wallet', name: 'Send', open: click('Send') },
  { page: 'wallet', name: 'Export keystore file', open: click('Export keystore') },
  { page: 'wallet', name: 'Add account', open: click('Add account') },
  { page: 'wallet', name: 'Import an account', open: click('Import') },
  { page: 'wallet', name: 'Add network', open: click('Add network') },
  {
    page: 'wallet',
    name: 'Rename account',
    open: click('Rename'),
    ready: (page) => page.getByRole('textbox', { name: 'Account name' }),
  },
  {
    page: 'wallet',
    name: 'New recovery phrase',
    open: showNewWords,
    ready: (page) => page.getByTestId('wallet-words'),
  },
  {
    page: 'wallet',
    name: 'Recovery phrase quiz',
    open: async (root) => {
      await showNewWords(root);
      await click('I have written them down')(root);
    },
    ready: (page) => page.getByRole('textbox', { name: /^Word \d+$/ }).first(),
  },
  { page: 'chat', name: 'Sampling', open: inConversation('Sampling') },
  { page: 'chat', name: 'Rename conversation', open: inConversation('Rename') },
  { page: 'chat', name: 'Delete “Contrast chat”?', open: inConversation('Delete') },
  {
    page: 'chat',
    name: 'Persona and memory',
    open: click('Persona and memory'),
    ready: (page) => page.locator('.chat-panel'),
  },
];

/** What only shows once the recovery phrase is backed up. */
const AFTER_BACKUP: Visit[] = [
  { page: 'wallet', name: 'Recovery phrase', open: click('Show recovery phrase') },
  {
    page: 'wallet',
    name: 'Recovery phrase, shown',
    open: async (root, page) => {
      await click('Show recovery phrase')(root);
      const dialog = page.getByRole('dialog', { name: 'Recovery phrase' });
      await dialog.getByLabel('Vault passphrase', { exact: true }).fill(PASSPHRASE);
      await dialog.getByRole('button', { name: 'Show words' }).click();
    },
    ready: (page) => page.getByRole('dialog').getByTestId('wallet-words'),
  },
];

describe('every button and text field can be read, on every page and in every dialog, in every state, in both themes', () => {
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
        for (const f of await page.evaluate(auditButtons, { fields: true }))
          findings.push({ where: `${state}/${id}/${scheme}`, ...f });
      }
    }
    return findings;
  }

  /** Opens each dialog from a freshly loaded page, in both themes, and returns what cannot be read in it. */
  async function auditDialogs(visits: Visit[]): Promise<Finding[]> {
    const findings: Finding[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const visit of visits) {
        await page.goto('about:blank');
        await page.goto(`${e2e.url}#/${visit.page}`);
        const root = page.locator(`[data-page="${visit.page}"]`);
        await root.waitFor();
        await visit.open(root, page);
        const shown = visit.ready?.(page) ?? page.getByRole('dialog', { name: visit.name });
        await shown.first().waitFor({ timeout: SLOW_MS });
        await expect
          .poll(() => page.locator('body').textContent(), { timeout: SLOW_MS })
          .not.toMatch(/Loading…/);
        await page.mouse.move(0, 0);
        if (scheme === 'light') {
          const file = visit.name
            .replace(/[^A-Za-z]+/g, '-')
            .replace(/^-|-$/g, '')
            .toLowerCase();
          await page.screenshot({ path: join(SHOTS, `dialog-${file}.png`) });
        }
        for (const f of await page.evaluate(auditButtons, { fields: true }))
          findings.push({ where: `dialog/${visit.name}/${scheme}`, ...f });
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
    'every dialog, its buttons and its text fields, in both themes',
    async () => {
      await api.vault.addNote({ name: 'Contrast note', text: 'a note to delete' });
      await api.chat.create({ title: 'Contrast chat' });
      const before = await auditDialogs(BEFORE_BACKUP);
      const { words } = await api.wallet.backupWords({});
      const { positions } = await api.wallet.backupQuiz({});
      await api.wallet.confirmBackup({
        answers: positions.map((position) => ({ position, word: words[position - 1] ?? '' })),
      });
      expect([...before, ...(await auditDialogs(AFTER_BACKUP))]).toEqual([]);
    },
    4 * SLOW_MS,
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
