// The contrast audit the e2e tests run on every page and dialog (test/support/contrast.ts), on a page
// built for it: it must find what a user cannot read, or its empty answers in the e2e tests prove nothing.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../support/browser.js';
import { auditButtons } from '../../support/contrast.js';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage();
  await page.setContent(`<!doctype html><html><body style="background:#fff">
    <label>Readable <input value="dark on white" style="color:#111;background:#fff"></label>
    <label>Faint <input value="pale on white" style="color:#ccc;background:#fff"></label>
    <input placeholder="A placeholder is not a label" style="color:#111">
    <textarea aria-label="Notes" style="color:#111;background:#eee">text</textarea>
    <label>Disabled <input disabled value="faded" style="color:#777;background:#fff"></label>
    <input type="checkbox" aria-label="Not a text field">
    <button type="button" style="color:#111;background:#fff">Fine</button>
  </body></html>`);
});

afterAll(async () => {
  await browser?.close();
});

describe('auditButtons with fields', () => {
  it('names the field whose text is too faint and the one with no label, and only those', async () => {
    const found = await page.evaluate(auditButtons, { fields: true });
    expect(found.map((f) => f.text)).toEqual([
      'Faint',
      expect.stringContaining('A placeholder is not a label'),
    ]);
    expect(found[0]).toMatchObject({ needed: 4.5, disabled: false });
    expect(found[0]!.ratio).toBeLessThan(4.5);
  });

  it('checks buttons only when asked for buttons only', async () => {
    expect(await page.evaluate(auditButtons, { fields: false })).toEqual([]);
  });
});
