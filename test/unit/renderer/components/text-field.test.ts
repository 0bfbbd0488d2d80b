// The kit's TextField in real Chromium: each shape the pages use (a form's field, an inline search
// box, a number sized in characters, a composer), named, described and wired as assistive technology
// reads them. The pages' e2e tests cover the same fields inside the app.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../support/browser.js';
import { bundleHarness, bundleStyles } from '../bundle-harness.js';

declare const harness: { mount(): void; sent(): string[] };

let browser: Browser;
let page: Page;

beforeAll(async () => {
  const [script, styles] = await Promise.all([bundleHarness('components/text-field-harness.tsx'), bundleStyles()]);
  browser = await launchChromium();
  page = await browser.newPage();
  await page.setContent('<!doctype html><html><body><div id="root"></div></body></html>');
  // The app's stylesheets, so the field is laid out as on the pages (a hidden label, an inline row).
  await page.addStyleTag({ content: styles });
  await page.addScriptTag({ content: script });
  await page.evaluate(() => harness.mount());
});

afterAll(async () => {
  await browser?.close();
});

/** The texts of the elements an element's aria-describedby names, in order. */
const description = (selector: string) =>
  page.locator(selector).evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent),
  );

describe('TextField', () => {
  it('ties its hint, a hint elsewhere and its problem to the field, and marks it invalid', async () => {
    const name = page.getByRole('textbox', { name: 'Name' });
    expect(await description('#root input >> nth=0')).toEqual([
      'Told elsewhere on the page.',
      'What others see.',
    ]);
    expect(await name.getAttribute('aria-invalid')).toBeNull();
    await name.fill('bad');
    expect(await description('#root input >> nth=0')).toEqual([
      'Told elsewhere on the page.',
      'What others see.',
      'Not that name.',
    ]);
    expect(await name.getAttribute('aria-invalid')).toBe('true');
  });

  it('names an inline search box by a label that is read out but not shown', async () => {
    const search = page.getByRole('searchbox', { name: 'Search things' });
    await search.fill('quokka');
    expect(await search.inputValue()).toBe('quokka');
    const label = page.locator('label', { hasText: 'Search things' });
    expect(await label.evaluate((l) => l.getBoundingClientRect().width)).toBeLessThanOrEqual(1);
  });

  it('sizes a number field in characters, beside its visible label', async () => {
    const layers = page.getByRole('spinbutton', { name: 'Layers' });
    expect(await layers.inputValue()).toBe('3');
    expect(await layers.getAttribute('size')).toBe('4');
    const [field, row] = await Promise.all([
      layers.evaluate((el) => el.getBoundingClientRect()),
      layers.evaluate((el) => el.parentElement!.getBoundingClientRect()),
    ]);
    expect(field.width).toBeLessThan(row.width / 2);
    const label = await page
      .getByText('Layers', { exact: true })
      .evaluate((el) => el.getBoundingClientRect());
    expect(Math.abs(label.top + label.height / 2 - (field.top + field.height / 2))).toBeLessThan(
      field.height / 2,
    );
  });

  it('hands its ref and key presses to the page: Enter sends from a multiline box', async () => {
    await page.getByRole('button', { name: 'Focus the message' }).click();
    await page.keyboard.type('hello there');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => harness.sent())).toEqual(['hello there']);
    expect(await page.getByRole('textbox', { name: 'Message' }).inputValue()).toBe('');
  });
});
