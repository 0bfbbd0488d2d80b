// An agent package on the Agent page, in Chromium against `sahel serve`: the package (a sahel-agent/1
// file added to the vault, as a bought one is) is listed under "Install from vault"; its review shows
// the seller's prompt, its tools (the ones that move value marked) and its suggested limits beside the
// user's; installing changes no limit; "Apply these limits" sets only the ticked one.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PolicySettings } from '../../src-shared/domain/agent.js';
import { runCli } from '../support/cli.js';
import { type ServeAndBrowser, withServeAndBrowser } from '../support/e2e.js';

const PACKAGE = {
  format: 'sahel-agent/1',
  name: 'Market scout',
  description: 'Looks for datasets and compares their prices.',
  systemPrompt: 'You look for datasets on the market and tell the user what they cost.',
  tools: ['market_search', 'market_show', 'market_buy'],
  suggestedLimits: [{ token: 'native', perAction: '0.01', perDay: '0.05' }],
  recommendedModel: { name: 'Tiny model' },
};

describe('agent packages on the Agent page', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sahel-e2e-personas-'));
  const dataDir = join(dir, 'data');
  let e2e: ServeAndBrowser;
  const sahel = async (args: string[]) => {
    const r = await runCli(args, {
      dataDir,
      env: { SAHEL_PASSPHRASE_FILE: join(dir, 'pass') },
      timeoutMs: 60_000,
    });
    expect(r.code, `sahel ${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r.stdout;
  };
  const policy = async () => JSON.parse(await sahel(['--json', 'agent', 'policy', 'show'])) as PolicySettings;

  beforeAll(async () => {
    writeFileSync(join(dir, 'pass'), 'personas e2e passphrase, long enough\n', { mode: 0o600 });
    writeFileSync(join(dir, 'scout.json'), JSON.stringify(PACKAGE));
    // JSON that is not a package: not offered for install.
    writeFileSync(
      join(dir, 'other.json'),
      JSON.stringify({ format: 'sahel-agent/1', name: 'No tools', tools: [] }),
    );
    e2e = await withServeAndBrowser({
      dataDir,
      viewport: { width: 1280, height: 1400 },
      prepare: async () => {
        await sahel(['vault', 'init']);
        await sahel(['vault', 'add', join(dir, 'scout.json'), join(dir, 'other.json')]);
      },
    });
    await sahel(['vault', 'unlock']);
  }, 120_000);

  afterAll(async () => {
    await e2e?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reviews, installs without touching the limits, and applies only the ticked limit', {
    timeout: 120_000,
  }, async () => {
    const page = e2e.page;
    await page.goto(`${e2e.url}#/agent`);
    const section = page.getByTestId('agent-personas');
    const packages = section.getByTestId('persona-packages').locator('li');
    await packages.first().waitFor();
    expect(await packages.allTextContents()).toEqual(['Market scoutscout.jsonReview…']);
    const row = packages.filter({ hasText: 'Market scout' });
    await row.getByRole('button', { name: 'Review…' }).click();
    const review = section.getByTestId('persona-review');
    await review.waitFor();
    expect(await review.getByTestId('persona-prompt').textContent()).toBe(PACKAGE.systemPrompt);
    const tools = review.getByTestId('persona-tools');
    expect(
      await tools.locator('[data-tool]').evaluateAll((els) => els.map((e) => e.getAttribute('data-tool'))),
    ).toEqual(PACKAGE.tools);
    expect(await tools.locator('[data-tool="market_buy"]').textContent()).toContain('moves value or data');
    expect(await tools.locator('[data-tool="market_search"]').textContent()).not.toContain('moves value');
    const limits = review.getByTestId('persona-limits');
    const cells = (l: Locator) => l.locator('td').allTextContents();
    expect(await cells(limits.locator('tr[data-key="limit.native.per-action"]'))).toEqual([
      '',
      'ETH',
      'per action',
      '0 ETH',
      '0.01 ETH',
    ]);
    expect(await cells(limits.locator('tr[data-key="limit.native.daily"]'))).toEqual([
      '',
      'ETH',
      'per 24 hours',
      '0 ETH',
      '0.05 ETH',
    ]);
    expect(await review.getByTestId('persona-model').textContent()).toBe(
      'Recommended model: Tiny model (not installed)',
    );
    // Nothing ticked at first, and nothing can be applied before installing.
    for (const box of await limits.getByRole('checkbox').all()) {
      expect(await box.isChecked()).toBe(false);
      expect(await box.isDisabled()).toBe(true);
    }
    await page.screenshot({ path: '/tmp/persona-review.png', fullPage: true });

    const before = await policy();
    await review.getByRole('button', { name: 'Install' }).click();
    await review.getByTestId('persona-installed').waitFor();
    await section.getByTestId('personas-installed').locator('li', { hasText: 'Market scout' }).waitFor();
    expect(await policy()).toEqual(before);
    expect(before.limits).toEqual([]);

    const apply = review.getByRole('button', { name: 'Apply these limits' });
    expect(await apply.isDisabled()).toBe(true);
    await limits.getByRole('checkbox', { name: 'Apply ETH per action' }).check();
    await apply.click();
    await review.getByTestId('persona-applied').waitFor();
    const after = await policy();
    expect(after.limits).toEqual([
      expect.objectContaining({
        token: 'native',
        perAction: (10n ** 16n).toString(),
        daily: '0',
        taskBudget: '0',
      }),
    ]);
    // The review shows the user's limit now; the policy panel read it again.
    await expect
      .poll(() => limits.locator('tr[data-key="limit.native.per-action"] td').nth(3).textContent())
      .toBe('0.01 ETH');
    await page.getByTestId('policy-limits').waitFor();
    expect(e2e.consoleErrors).toEqual([]);
  });
});
