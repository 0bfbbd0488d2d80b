// The agent buying for the user, in Chromium against `sahel serve` on a fresh data dir (embedded devnet,
// real anvil, the devnet's demo seller). The "model" is a script: asked for weather data under a budget, it
// searches the market and calls market_buy on the demo dataset. The policy (out of the box: every value
// move waits) holds it; the status bar and the Agent page show the approval with the simulated moves. A
// rejected one moves nothing; an approved one buys, the demo seller delivers, and the dataset lands in the
// vault.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { type ServeAndBrowser, SHOTS, withServeAndBrowser } from '../support/e2e.js';
import { presetBlobPort } from '../support/market-host.js';

const CHAIN_MS = 120_000;
const buy = { name: 'market_buy', arguments: { offerId: '1', maxPrice: '30' } };
const ALICE = '0x00000000000000000000000000000000000A11cE';
const BOB = '0x0000000000000000000000000000000000000B0b';
const SCRIPT = {
  model: 'scripted-agent',
  turns: [
    { reply: '', toolCalls: [{ name: 'market_search', arguments: { text: 'weather' } }] },
    { reply: 'This one fits your budget.', toolCalls: [buy] },
    { reply: 'I asked you to approve the purchase.' },
    { reply: 'Trying again, as you asked.', toolCalls: [buy] },
    { reply: 'Waiting for your approval.' },
    { reply: '', toolCalls: [{ name: 'wallet_send', arguments: { to: BOB, amount: '0.25' } }] },
    { reply: 'I asked you about the payment.' },
  ],
};

describe('the agent buys a dataset for the user, with their approval', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sahel-e2e-agent-'));
  const dataDir = join(dir, 'data');
  let e2e: ServeAndBrowser;
  let page: Page;
  let chat: Locator;
  let agent: Locator;
  const sahel = async (args: string[]) => {
    const r = await runCli(args, {
      dataDir,
      env: { SAHEL_PASSPHRASE_FILE: join(dir, 'pass') },
      timeoutMs: 120_000,
    });
    expect(r.code, `sahel ${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r.stdout;
  };
  const licences = async () =>
    (
      JSON.parse(await sahel(['--json', 'market', 'licenses'])) as {
        licenses: { state: string; itemId: string | null }[];
      }
    ).licenses;
  const ask = async (text: string, answer: string) => {
    await page.goto(`${e2e.url}#/chat`);
    const box = chat.getByRole('textbox', { name: 'Message' });
    await box.waitFor();
    const toggle = chat.getByTestId('agent-mode');
    if (!(await toggle.isChecked())) await toggle.check();
    await box.fill(text);
    await box.press('Enter');
    await chat.locator('.chat-msg[data-role="assistant"]:not([data-live])', { hasText: answer }).waitFor({
      timeout: CHAIN_MS,
    });
  };
  const card = () => agent.locator('[data-approval]');

  beforeAll(async () => {
    writeFileSync(join(dir, 'pass'), 'agent e2e passphrase, long enough\n', { mode: 0o600 });
    writeFileSync(join(dir, 'script.json'), JSON.stringify(SCRIPT));
    e2e = await withServeAndBrowser({
      dataDir,
      viewport: { width: 1280, height: 900 },
      env: { SAHEL_CHAT_PROVIDER: `scripted:${join(dir, 'script.json')}` },
      prepare: async () => {
        await sahel(['vault', 'init']);
        await sahel(['wallet', 'create']);
        await presetBlobPort(dataDir);
      },
    });
    page = e2e.page;
    chat = page.locator('[data-page="chat"]');
    agent = page.locator('[data-page="agent"]');
    await sahel(['vault', 'unlock']);
  }, CHAIN_MS);

  afterAll(async () => {
    await e2e?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds the purchase for the user; a rejection moves nothing', { timeout: 240_000 }, async () => {
    const balances = async () =>
      (JSON.parse(await sahel(['--json', 'wallet', 'balance'])) as { accounts: unknown }).accounts;
    const before = await balances();
    await ask('Find me weather data, 30 SAHC at most, and buy it.', 'I asked you to approve the purchase.');
    const steps = chat.getByTestId('agent-steps').last();
    expect(await steps.locator('li').allTextContents()).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Looked up: market_search'),
        expect.stringMatching(/market_buy: waiting for your approval .*\(auto-approve-zero\)/),
      ]),
    );
    await page.getByTestId('status-approvals').getByText('1 approval waits for you').waitFor();
    await page.screenshot({ path: join(SHOTS, 'agent-buy-chat.png') });

    await page.goto(`${e2e.url}#/agent`);
    await card().waitFor();
    expect(await card().getByTestId('approval-summary').textContent()).toMatch(
      /^Buy a licence of offer #1 .* for 25 SAHC/,
    );
    expect(await card().getByTestId('approval-moves').textContent()).toMatch(/25 SAHC/);
    // The configured marketplace is named as such, in the summary and in the moves.
    expect(await card().getByTestId('approval-summary').textContent()).toMatch(
      /25 SAHC to the marketplace \(0x[0-9a-fA-F]{40}\)/,
    );
    expect(await card().getByTestId('approval-moves').textContent()).toMatch(
      /let the marketplace \(0x[0-9a-fA-F]{40}\) take up to 25 SAHC/,
    );
    expect(await card().getByTestId('approval-rule').textContent()).toMatch(/auto-approve-zero/);
    expect(await card().getByTestId('approval-claim').textContent()).toContain('This one fits your budget.');
    // The buy itself, sent after the approve is mined, is on the card too, decoded from the plan.
    const later = card().getByTestId('approval-steps').locator('li').last();
    expect(await later.textContent()).toMatch(
      /^buy to the marketplace \(0x[0-9a-fA-F]{40}\) \(sent after you approve, once the calls above are mined\)offer#1price \(at most\)25 SAHC/,
    );
    expect(await card().getByTestId('approval-steps').locator('li').first().textContent()).toMatch(
      /^approve to the SAHC token contract \(0x[0-9a-fA-F]{40}\)moves/,
    );
    await page.screenshot({ path: join(SHOTS, 'agent-buy-approval.png'), fullPage: true });
    await card().screenshot({ path: '/tmp/approval-card.png' });
    await card().getByRole('button', { name: 'Reject' }).click();
    await card().waitFor({ state: 'detached' });
    await agent.locator('[data-decision="rejected"]').first().waitFor();
    expect(await licences()).toEqual([]);
    expect(await balances()).toEqual(before);
  });

  it('an approved purchase completes and the dataset lands in the vault', { timeout: 300_000 }, async () => {
    await ask('Please try that purchase again.', 'Waiting for your approval.');
    await page.goto(`${e2e.url}#/agent`);
    await card().getByRole('button', { name: 'Approve' }).click();
    await card().waitFor({ state: 'detached', timeout: CHAIN_MS });
    await agent.locator('[data-decision="approved"]').first().waitFor();
    await expect
      .poll(async () => (await licences()).map((l) => l.state).join(), { timeout: CHAIN_MS, interval: 1_000 })
      .toBe('received');
    const itemId = (await licences())[0]?.itemId ?? '';
    const items = JSON.parse(await sahel(['--json', 'vault', 'list'])) as { items: { id: string }[] };
    expect(items.items.map((i) => i.id)).toContain(itemId);
    expect(await sahel(['agent', 'audit', '--verify'])).toMatch(/intact/);
    await page.screenshot({ path: join(SHOTS, 'agent-buy-activity.png'), fullPage: true });
    expect(e2e.consoleErrors).toEqual([]);
  });

  it('shows a limit and an allowed address in the policy, and a wallet_send waiting for the user', {
    timeout: 240_000,
  }, async () => {
    await sahel(['agent', 'policy', 'set', 'limit.native.per-action', '0.5']);
    await sahel(['agent', 'policy', 'allow', ALICE, '--name', 'Alice']);
    await ask('Send Bob a quarter ETH.', 'I asked you about the payment.');
    await page.goto(`${e2e.url}#/agent`);
    await card().waitFor();
    expect(await card().getAttribute('data-tool')).toBe('wallet_send');
    expect(await card().getByTestId('approval-moves').textContent()).toMatch(/^0\.25 ETH to 0x0+b0b$/i);
    expect(await card().getByTestId('approval-rule').textContent()).toMatch(/^unknown-recipient/);
    await card().screenshot({ path: '/tmp/approval-wallet-send.png' });
    const policy = agent.locator('section[aria-labelledby="agent-policy-title"]');
    expect(await policy.getByTestId('policy-limits').textContent()).toContain('0.5');
    expect(await policy.getByTestId('policy-allowlist').textContent()).toMatch(/Alice/);
    // A per-action limit alone lets nothing through while the 24-hour one is 0: the panel says so.
    expect(await policy.getByTestId('policy-limit-zero').textContent()).toMatch(/while\s+either is 0/);
    await policy.screenshot({ path: '/tmp/policy-panel.png' });
    await card().getByRole('button', { name: 'Reject' }).click();
    await card().waitFor({ state: 'detached' });
    expect(e2e.consoleErrors).toEqual([]);
  });
});
