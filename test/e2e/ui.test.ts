import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServeAndBrowser, SHOTS, withServeAndBrowser } from '../support/e2e.js';

const PAGES = ['Chat', 'Vault', 'Wallet', 'Market', 'Agent', 'Tasks', 'Models', 'Settings'] as const;

describe('the UI in Chromium against sahel serve', () => {
  let e2e: ServeAndBrowser;
  let page: Page;

  beforeAll(async () => {
    e2e = await withServeAndBrowser();
    page = e2e.page;
  });

  afterAll(() => e2e?.close());

  it('opens from the printed URL and connects to the API', async () => {
    await page.goto(e2e.url);
    // The token was swapped for a cookie and is gone from the address bar.
    expect(page.url()).not.toContain('token=');
    await expect.poll(() => page.getByTestId('status-bar').textContent()).toMatch(/Vault: not set up/i);
    const bar = (await page.getByTestId('status-bar').textContent()) ?? '';
    expect(bar).toMatch(/Tasks?:?\s*0 running/i);
  });

  it('visits every page from the navigation and screenshots it', async () => {
    for (const name of PAGES) {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name }).click();
      const root = page.locator(`[data-page="${name.toLowerCase()}"]`);
      await root.waitFor();
      expect(await root.locator('h1').textContent()).toContain(name);
      const current = page.getByRole('navigation', { name: 'Main' }).locator('[aria-current="page"]');
      expect(await current.textContent()).toContain(name);
      // Every page is built now (the Tasks page was the last placeholder): none shows NotBuilt.
      expect(await root.locator('.not-built').count()).toBe(0);
      await page.screenshot({ path: join(SHOTS, `${name.toLowerCase()}.png`) });
    }
  });

  it('moves through the navigation with the keyboard', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Chat' }).click();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.locator('[data-page="vault"]').waitFor();
    await page.keyboard.press('Control+7');
    await page.locator('[data-page="models"]').waitFor();
    expect(page.url()).toContain('#/models');
    await page.reload();
    await page.locator('[data-page="models"]').waitFor();
  });

  it('switches theme from Settings, persists it, and follows the OS on System', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('radio', { name: 'Dark' }).check();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.screenshot({ path: join(SHOTS, 'settings-dark.png') });
    await page.reload();
    await page.locator('[data-page="settings"]').waitFor();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    // The settings arrive from the owner after the reload: the radio follows them.
    await expect.poll(() => page.getByRole('radio', { name: 'Dark' }).isChecked()).toBe(true);
    await page.getByRole('radio', { name: 'System' }).check();
    await page.emulateMedia({ colorScheme: 'dark' });
    const darkBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: 'light' });
    const lightBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(darkBg).not.toBe(lightBg);
    await page.screenshot({ path: join(SHOTS, 'settings-light.png') });
  });

  it('keeps the background tasks settings: runs at once, and whether closing the window quits', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
    const tray = page.getByRole('checkbox', { name: /Keep Sahel running in the tray/ });
    await expect.poll(() => tray.isChecked()).toBe(true);
    // This owner is `sahel serve`: the page says the setting is the desktop app's.
    expect(await page.locator('#close-to-tray-hint').textContent()).toMatch(/runs headless/);
    // Both controls show what the owner saved (the settings it answers with), not what was clicked.
    await tray.click();
    await expect.poll(() => tray.isChecked()).toBe(false);
    await page.getByLabel('Runs at once').selectOption('3');
    await expect.poll(() => page.getByLabel('Runs at once').inputValue()).toBe('3');
    await page.reload();
    await page.locator('[data-page="settings"]').waitFor();
    await expect.poll(() => tray.isChecked()).toBe(false);
    expect(await page.getByLabel('Runs at once').inputValue()).toBe('3');
    await page
      .locator('[aria-labelledby="tasks-settings-title"]')
      .screenshot({ path: join(SHOTS, 'settings-tasks.png') });
  });

  it('ran without console errors or CSP violations', () => {
    expect(e2e.consoleErrors).toEqual([]);
  });
});
