// The Tasks page in Chromium against `sahel serve` (scripted model): a notify task made with the form runs
// now, its run and log show, it pauses, resumes and is deleted; an agent-prompt task runs the agent's loop
// with the tool it was given and its log shows the steps; the status bar counts the running task; the
// inbox and the browser's notifications carry the results, the permission asked for once; a locked vault
// is said. Notifications are recorded by a thin spy around window.Notification (display only).
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, succeeded } from '../support/cli.js';
import { type ServeAndBrowser, SHOTS, withServeAndBrowser } from '../support/e2e.js';
import { NOTIFICATION_SPY, shownNotifications } from '../support/notification-spy.js';

const SCRIPT = {
  model: 'scripted-agent',
  // The tool turn waits this long once: long enough for the status bar to show the run going.
  delayMs: 4_000,
  turns: [
    { reply: '', toolCalls: [{ name: 'vault_search', arguments: { query: 'weather' } }] },
    { reply: 'Nothing about the weather in your vault yet.' },
  ],
};

/** A user who closes the permission prompt without answering: it stays 'default'; each request counted. */
const DISMISSING_SPY = `(() => {
  window.__asked = 0;
  window.__notifications = [];
  function Spy(title, options) { window.__notifications.push({ title, body: options && options.body }); }
  Object.defineProperty(Spy, 'permission', { get: () => 'default' });
  Spy.requestPermission = () => { window.__asked += 1; return Promise.resolve('default'); };
  window.Notification = Spy;
})();`;

describe('the Tasks page', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sahel-e2e-tasks-'));
  const dataDir = join(dir, 'data');
  let e2e: ServeAndBrowser;
  let page: Page;
  let tasks: Locator;
  const sahel = async (args: string[]) =>
    succeeded(
      await runCli(args, { dataDir, env: { SAHEL_PASSPHRASE_FILE: join(dir, 'pass') }, timeoutMs: 120_000 }),
    );
  const card = (name: string) => tasks.locator('[data-task]', { has: page.getByText(name, { exact: true }) });
  const shot = async (name: string) => {
    await page.locator('#page-title').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, name), fullPage: true });
    copyFileSync(join(SHOTS, name), join('/tmp', name));
  };

  beforeAll(async () => {
    writeFileSync(join(dir, 'pass'), 'tasks e2e passphrase, long enough\n', { mode: 0o600 });
    writeFileSync(join(dir, 'script.json'), JSON.stringify(SCRIPT));
    e2e = await withServeAndBrowser({
      dataDir,
      viewport: { width: 1280, height: 900 },
      env: { SAHEL_CHAT_PROVIDER: `scripted:${join(dir, 'script.json')}` },
      prepare: async () => {
        await sahel(['vault', 'init']);
      },
    });
    await sahel(['vault', 'unlock']);
    await e2e.context.addInitScript(NOTIFICATION_SPY);
    await e2e.context.grantPermissions(['notifications'], { origin: new URL(e2e.url).origin });
    page = e2e.page;
    tasks = page.locator('[data-page="tasks"]');
  }, 120_000);

  afterAll(async () => {
    await e2e?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds a notify task from the form, runs it, opens its log, pauses, resumes and deletes it', {
    timeout: 120_000,
  }, async () => {
    await page.goto(`${e2e.url}#/tasks`);
    await tasks.getByText('No tasks yet').waitFor();
    const form = tasks.getByTestId('task-form');
    // A missing message is said beside the form, before anything is sent.
    await form.getByTestId('task-name').fill('Stretch');
    await form.getByRole('button', { name: 'Add task' }).click();
    await form.getByRole('alert').getByText('Write the message.').waitFor();
    await form.getByTestId('task-every').fill('1');
    await form.getByTestId('task-text').fill('Stand up and stretch');
    await form.getByRole('button', { name: 'Add task' }).click();

    const stretch = card('Stretch');
    await stretch.waitFor();
    expect(await stretch.getByTestId('task-trigger').textContent()).toBe('every 1 min');
    expect(await stretch.getByTestId('task-state').textContent()).toBe('active');
    expect(await stretch.getByTestId('task-last').textContent()).toBe('never run');
    expect(await stretch.getByTestId('task-budget').textContent()).toBe(
      "no budget of its own (the agent policy's limits apply)",
    );

    await stretch.getByRole('button', { name: 'Run now' }).click();
    await stretch.getByRole('button', { name: 'Runs' }).click();
    await stretch.locator('[data-run][data-status="succeeded"]').first().waitFor();
    expect(await stretch.getByTestId('task-last').textContent()).toMatch(/^succeeded, /);
    // The notification lands in the inbox and, with the permission given, as the browser's.
    const inbox = tasks.getByTestId('tasks-inbox');
    await inbox.getByText('Stand up and stretch').first().waitFor();
    await inbox.getByText('Task “Stretch”: succeeded').first().waitFor();
    await page.waitForFunction(
      () => (window as unknown as { __notifications: unknown[] }).__notifications.length > 0,
    );
    expect(await shownNotifications(page)).toContainEqual({ title: 'Stretch', body: 'Stand up and stretch' });
    await shot('tasks-page.png');

    await stretch
      .locator('[data-run][data-status="succeeded"]')
      .first()
      .getByRole('button', { name: 'Open log' })
      .click();
    const log = page.getByTestId('run-log');
    await log.locator('li[data-kind="notify"]', { hasText: 'Stand up and stretch' }).waitFor();
    await page.getByRole('button', { name: 'Close' }).click();

    await stretch.getByRole('button', { name: 'Pause' }).click();
    await stretch.locator('[data-testid="task-state"]', { hasText: 'paused' }).waitFor();
    expect(await stretch.getByTestId('task-next').textContent()).toBe('paused');
    expect(JSON.parse((await sahel(['--json', 'tasks', 'list'])).stdout)).toMatchObject([
      { name: 'Stretch', state: 'paused' },
    ]);
    await stretch.getByRole('button', { name: 'Resume' }).click();
    await stretch.locator('[data-testid="task-state"]', { hasText: 'active' }).waitFor();

    await stretch.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Delete task' }).click();
    await tasks.getByText('No tasks yet').waitFor();
    expect(JSON.parse((await sahel(['--json', 'tasks', 'list'])).stdout)).toEqual([]);
  });

  it('runs an agent-prompt task with the tool it was given; its log shows the steps', {
    timeout: 120_000,
  }, async () => {
    await page.goto(`${e2e.url}#/tasks`);
    const form = tasks.getByTestId('task-form');
    await form.getByLabel('Kind').selectOption('agent-prompt');
    await form.getByLabel('Runs').selectOption('cron');
    await form.getByTestId('task-name').fill('Weather digest');
    await form.getByTestId('task-cron').fill('0 8 * * *');
    const zone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(await form.getByTestId('task-tz').inputValue()).toBe(zone);
    await form.getByTestId('task-text').fill('Summarise what my vault says about the weather.');
    const tools = form.getByTestId('task-tools');
    await tools.locator('input[type="checkbox"]').first().waitFor();
    expect(await tools.locator('input:checked').count()).toBe(0);
    expect(await tools.locator('label', { hasText: 'market_buy' }).textContent()).toContain('moves value');
    expect(await tools.locator('label', { hasText: 'vault_search' }).textContent()).not.toContain(
      'moves value',
    );
    await tools.getByRole('checkbox', { name: 'vault_search' }).check();
    // An amount the form cannot read is said as a sentence; the task is not added.
    await form.getByTestId('task-budget').fill('1,5');
    await form.getByRole('button', { name: 'Add task' }).click();
    await form
      .getByRole('alert')
      .getByText(/Use a dot for decimals/)
      .waitFor();
    await form.getByTestId('task-budget').fill('0.5');
    // The owner's refusal is said beside the form: a zone that is none.
    await form.getByTestId('task-tz').fill('Mars/Olympus');
    await form.getByRole('button', { name: 'Add task' }).click();
    await form
      .getByRole('alert')
      .getByText('"Mars/Olympus" is not an IANA time zone', { exact: false })
      .waitFor();
    expect(JSON.parse((await sahel(['--json', 'tasks', 'list'])).stdout)).toEqual([]);
    await form.screenshot({ path: join(SHOTS, 'tasks-form.png') });
    await form.getByTestId('task-tz').fill(zone);
    await form.getByRole('button', { name: 'Add task' }).click();

    const digest = card('Weather digest');
    await digest.waitFor();
    expect(await digest.getByTestId('task-trigger').textContent()).toBe(`cron 0 8 * * * (${zone})`);
    expect(await digest.getByTestId('task-budget').textContent()).toBe('0 of 0.5 (native coin) spent');
    expect(await digest.getByTestId('task-next').textContent()).toMatch(/8:00|08:00/);

    await digest.getByRole('button', { name: 'Run now' }).click();
    // The status bar counts it while it runs (the page reads the status on each run event).
    await page.getByTestId('status-bar').getByText('1 running').waitFor();
    await digest.getByRole('button', { name: 'Runs' }).click();
    await digest.locator('[data-run][data-status="succeeded"]').waitFor({ timeout: 60_000 });
    await page.getByTestId('status-bar').getByText('0 running').waitFor();
    await digest.getByRole('button', { name: 'Open log' }).click();
    const log = page.getByTestId('run-log');
    await log.locator('li[data-kind="tool"]', { hasText: 'vault_search' }).waitFor();
    await log.getByText('Nothing about the weather in your vault yet.').waitFor();
    await shot('tasks-log.png');
    await page.getByRole('button', { name: 'Close' }).click();
    expect(e2e.consoleErrors).toEqual([]);
  });

  it('asks for the notification permission once, however many results come', {
    timeout: 120_000,
  }, async () => {
    const context = await e2e.browser.newContext();
    await context.addInitScript(DISMISSING_SPY);
    const other = await context.newPage();
    try {
      await sahel(['tasks', 'add', 'notify', '--every', '1h', '--message', 'Drink water', '--name', 'Water']);
      await other.goto(`${e2e.url}#/tasks`);
      const water = other.locator('[data-task]', { has: other.getByText('Water', { exact: true }) });
      await water.waitFor();
      await water.getByRole('button', { name: 'Runs' }).click();
      for (const n of [1, 2]) {
        await water.getByRole('button', { name: 'Run now' }).click();
        await other.waitForFunction(
          (k) => document.querySelectorAll('[data-run][data-status="succeeded"]').length >= k,
          n,
        );
      }
      await other.getByTestId('tasks-inbox').getByText('Drink water').nth(1).waitFor();
      expect(await other.evaluate(() => (window as unknown as { __asked: number }).__asked)).toBe(1);
      expect(await shownNotifications(other)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('says that tasks wait for a locked vault, and what to do', { timeout: 60_000 }, async () => {
    await page.goto(`${e2e.url}#/tasks`);
    await card('Water').waitFor();
    await sahel(['vault', 'lock']);
    const note = tasks.getByTestId('tasks-locked');
    await note.waitFor();
    expect(await note.textContent()).toMatch(/tasks wait for it.*Unlock the vault/);
    // What was unsealed goes with the lock: the message is not shown, the last result is said to be sealed.
    await card('Water')
      .getByTestId('task-last')
      .getByText(/sealed: unlock the vault/)
      .waitFor();
    expect(await card('Water').textContent()).not.toContain('Drink water');
    await page.screenshot({ path: join(SHOTS, 'tasks-locked.png') });
    await sahel(['vault', 'unlock']);
    await note.waitFor({ state: 'detached' });
    await card('Water').getByText('Drink water').waitFor();
    expect(e2e.consoleErrors).toEqual([]);
  });
});
