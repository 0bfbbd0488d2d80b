// The shared form pieces (src-renderer/components) in real Chromium: the busy guard, errors that
// are announced and cleared, focus where the user must act, Enter and Escape. The vault, wallet and
// chat e2e tests cover the same pieces inside the app; these pin the behaviour the pages rely on.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../support/browser.js';
import { bundleHarness } from '../bundle-harness.js';
import type { Log } from './form-harness.js';

type Form = 'secret' | 'passphrase' | 'confirm';
declare const harness: {
  mount(name: Form): void;
  resolve(): void;
  reject(message: string): void;
  log(): Log;
};

let browser: Browser;
let page: Page;
let script: string;

beforeAll(async () => {
  script = await bundleHarness('components/form-harness.tsx');
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

const errors: string[] = [];
beforeEach(async () => {
  page = await browser.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setContent('<!doctype html><html><body><div id="root"></div></body></html>');
  await page.addScriptTag({ content: script });
});

async function mount(name: Form) {
  await page.evaluate((n) => harness.mount(n), name);
  await page.getByRole('dialog').waitFor();
}
const log = () => page.evaluate(() => harness.log());
const focused = () =>
  page.evaluate(
    () =>
      document.activeElement?.getAttribute('aria-label') ??
      document.activeElement?.textContent ??
      document.activeElement?.id,
  );
const focusedLabel = () =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    return el?.labels?.[0]?.textContent ?? el?.textContent ?? null;
  });

describe('shared form pieces', () => {
  it('says what is missing and puts the cursor there, before sending anything', async () => {
    await mount('secret');
    expect(await focusedLabel()).toBe('Name');
    await page.keyboard.type('github');
    await page.keyboard.press('Enter');
    expect(await page.getByRole('alert').textContent()).toBe('Enter the secret.');
    expect(await focusedLabel()).toBe('Secret');
    expect((await log()).sent).toBe(0);
    // Typing is fixing it: the error goes at once.
    await page.keyboard.type('s');
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('sends once however often Enter is pressed, stays busy, and on failure shows why and refocuses', async () => {
    await mount('secret');
    await page.getByLabel('Secret', { exact: true }).fill('hunter2');
    await page.getByLabel('Secret', { exact: true }).press('Enter');
    const save = page.getByRole('button', { name: 'Save' });
    await expect.poll(() => save.getAttribute('aria-busy')).toBe('true');
    expect(await save.isDisabled()).toBe(true);
    expect(await page.getByLabel('Name').isDisabled()).toBe(true);
    await page.evaluate(() => {
      // A second submit while the first runs, as a double Enter or click would.
      document.querySelector('form')?.requestSubmit();
    });
    // Escape does not close a busy dialog.
    await page.keyboard.press('Escape');
    expect((await log()).sent).toBe(1);
    expect((await log()).closed).toBe(0);

    await page.evaluate(() => harness.reject('The vault is locked.'));
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('The vault is locked.');
    expect(await save.isDisabled()).toBe(false);
    expect(await save.getAttribute('aria-busy')).toBe('false');
    // Focus lands in the field: it was disabled while busy, so this needs the re-render first.
    expect(await focusedLabel()).toBe('Secret');

    await page.keyboard.press('Enter');
    expect((await log()).sent).toBe(2);
    await page.evaluate(() => harness.resolve());
    await expect.poll(async () => (await log()).last).toBe(':hunter2');
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('closes on Escape and on Cancel when idle', async () => {
    await mount('secret');
    await page.keyboard.press('Escape');
    expect((await log()).closed).toBe(1);
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect((await log()).closed).toBe(2);
  });

  it('checks a new passphrase: weak, then mismatched, each with focus on the field to fix', async () => {
    await mount('passphrase');
    await page.getByRole('button', { name: 'Create' }).click();
    expect(await page.getByRole('alert').textContent()).toBe('Choose one.');
    await page.getByLabel('Passphrase', { exact: true }).fill('password');
    await page.getByRole('button', { name: 'Create' }).click();
    expect(await page.getByRole('alert').textContent()).toMatch(/^Too easy\. \S/);
    expect(await focusedLabel()).toBe('Passphrase');

    const strong = 'copper lantern drifts over quiet dunes';
    await page.getByLabel('Passphrase', { exact: true }).fill(strong);
    // The mismatch note appears as soon as the confirmation cannot match any more.
    await page.getByLabel('Confirm', { exact: true }).fill('copper');
    expect(await page.getByText('Does not match.').count()).toBe(0);
    await page.getByLabel('Confirm', { exact: true }).fill('copper x');
    expect(await page.getByText('Does not match.').count()).toBe(1);
    expect(await page.getByLabel('Confirm', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('button', { name: 'Create' }).click();
    expect(await page.getByRole('alert').textContent()).toBe('They differ.');
    expect(await focusedLabel()).toBe('Confirm');

    await page.getByLabel('Confirm', { exact: true }).fill(strong);
    await page.getByRole('button', { name: 'Create' }).click();
    await page.evaluate(() => harness.resolve());
    await expect.poll(async () => (await log()).last).toBe(strong);
  });

  it('asks before destroying: focus on Cancel, failure shown in the dialog, which stays open', async () => {
    await mount('confirm');
    expect(await focused()).toBe('Cancel');
    // Enter on an unread dialog presses Cancel, never Delete.
    await page.keyboard.press('Enter');
    expect((await log()).sent).toBe(0);
    expect((await log()).closed).toBe(1);

    await mount('confirm');
    await page.getByRole('button', { name: 'Delete' }).click();
    expect(await page.getByRole('button', { name: 'Cancel' }).isDisabled()).toBe(true);
    await page.evaluate(() => harness.reject('Not found.'));
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Not found.');
    expect(await page.getByRole('dialog', { name: 'Delete “x”?' }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.evaluate(() => harness.resolve());
    await page.getByText('closed').waitFor();
    expect((await log()).sent).toBe(2);
    expect(errors).toEqual([]);
  });
});
