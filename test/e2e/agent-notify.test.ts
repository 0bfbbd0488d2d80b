// A new approval tells the user through a notification, since the agent may work while the window is in
// the background; without their permission, none. Chromium against `sahel serve` (scripted model, the
// embedded devnet): the permission is the browser's own (granted or not through the context), and only
// the display is replaced, by a thin spy around window.Notification that records what would be shown.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, succeeded } from '../support/cli.js';
import { type ServeAndBrowser, SHOTS, withServeAndBrowser } from '../support/e2e.js';
import { NOTIFICATION_SPY, shownNotifications } from '../support/notification-spy.js';

const STRANGER = '0x00000000000000000000000000000000000a11ce';
const send = { name: 'wallet_send', arguments: { to: STRANGER, amount: '1' } };
const SCRIPT = {
  model: 'scripted-agent',
  turns: [
    { reply: '', toolCalls: [send] },
    { reply: 'I asked you first.' },
    { reply: '', toolCalls: [send] },
    { reply: 'I asked you again.' },
  ],
};

describe('a notification for a new approval', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sahel-e2e-notify-'));
  const dataDir = join(dir, 'data');
  let e2e: ServeAndBrowser;
  const sahel = async (args: string[]) =>
    succeeded(
      await runCli(args, { dataDir, env: { SAHEL_PASSPHRASE_FILE: join(dir, 'pass') }, timeoutMs: 120_000 }),
    );
  /** The agent, asked from the terminal, puts a send on hold; the page hears of it over its socket. */
  const holdASend = async (answer: string) => {
    const r = await sahel(['chat', '--agent', 'pay the stranger']);
    expect(r.stdout).toContain(answer);
  };

  beforeAll(async () => {
    writeFileSync(join(dir, 'pass'), 'notify e2e passphrase, long enough\n', { mode: 0o600 });
    writeFileSync(join(dir, 'script.json'), JSON.stringify(SCRIPT));
    e2e = await withServeAndBrowser({
      dataDir,
      env: { SAHEL_CHAT_PROVIDER: `scripted:${join(dir, 'script.json')}` },
      prepare: async () => {
        await sahel(['vault', 'init']);
        await sahel(['wallet', 'create']);
      },
    });
    await sahel(['vault', 'unlock']);
    await e2e.context.addInitScript(NOTIFICATION_SPY);
  }, 120_000);

  afterAll(async () => {
    await e2e?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is shown when the user allowed notifications', { timeout: 180_000 }, async () => {
    await e2e.context.grantPermissions(['notifications'], { origin: new URL(e2e.url).origin });
    const { page } = e2e;
    await page.goto(`${e2e.url}#/agent`);
    await page.getByTestId('agent-approvals').waitFor({ state: 'attached' });
    expect(await page.evaluate(() => Notification.permission)).toBe('granted');
    expect(await shownNotifications(page)).toEqual([]);
    await holdASend('I asked you first.');
    await page.waitForFunction(
      () => (window as unknown as { __notifications: unknown[] }).__notifications.length > 0,
    );
    const shown = await shownNotifications(page);
    expect(shown).toHaveLength(1);
    expect(shown[0]?.title).toBe('Your agent asks for approval');
    expect(shown[0]?.body).toMatch(/^Send 1 ETH to 0x0+a11ce/i);
    await page.screenshot({ path: join(SHOTS, 'agent-notify-granted.png') });
    await sahel([
      'agent',
      'reject',
      (JSON.parse((await sahel(['--json', 'agent', 'approvals'])).stdout) as { id: string }[])[0]!.id,
    ]);
  });

  it('is not shown when the user did not allow notifications', { timeout: 180_000 }, async () => {
    await e2e.context.clearPermissions();
    const { page } = e2e;
    await page.goto(`${e2e.url}#/agent`);
    await page.reload();
    await page.getByTestId('agent-approvals').waitFor({ state: 'attached' });
    expect(await page.evaluate(() => Notification.permission)).not.toBe('granted');
    await holdASend('I asked you again.');
    // The page heard of it (its queue shows the card) and showed no notification for it.
    await page.locator('[data-approval]').waitFor();
    expect(await page.evaluate(() => Notification.permission)).not.toBe('granted');
    expect(await shownNotifications(page)).toEqual([]);
    expect(e2e.consoleErrors).toEqual([]);
  });
});
