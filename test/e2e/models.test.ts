import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FileServer, startFileServer } from '../integration/llm/models/file-server.js';
import { type ServeAndBrowser, SHOTS, withServeAndBrowser } from '../support/e2e.js';
import { ROOT } from '../support/sahel-process.js';

const TINY = join(ROOT, '..', 'shared', 'models', 'llama-2-tiny-random.gguf');
/** Starting the engine process and probing GPUs is slow on a busy two-core machine. */
const ENGINE_MS = 90_000;

describe('the Models page in Chromium against sahel serve', () => {
  let e2e: ServeAndBrowser;
  let page: Page;
  let models: Locator;
  let files: FileServer;
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `models-${name}.png`), fullPage: true });

  beforeAll(async () => {
    files = await startFileServer({ 'tiny.gguf': readFileSync(TINY) });
    e2e = await withServeAndBrowser({ viewport: { width: 1280, height: 900 } });
    page = e2e.page;
    models = page.locator('[data-page="models"]');
  });

  afterAll(async () => {
    await e2e?.close();
    await files?.close();
  });

  it('shows the catalog with fit verdicts, the hardware, and no models yet', async () => {
    await page.goto(`${e2e.url}#/models`);
    await models.getByText('No models yet.').waitFor();
    expect(await models.getByTestId('engine').textContent()).toMatch(/No model loaded/);
    const catalog = models.getByRole('list', { name: 'Recommended models' });
    await catalog.locator('[data-catalog]').first().waitFor({ timeout: ENGINE_MS });
    expect(await catalog.locator('[data-catalog]').count()).toBeGreaterThanOrEqual(6);
    expect(await catalog.textContent()).toMatch(/Apache-2\.0/);
    expect(await catalog.locator('[data-fit]').first().textContent()).toMatch(/Fits|Tight fit|Too big/);
    const hw = models.getByTestId('hardware');
    await hw.waitFor({ timeout: ENGINE_MS });
    expect(await hw.textContent()).toMatch(/Backend.*(CPU only|CUDA|Vulkan|Metal).*RAM/);
    await shot('empty');
  });

  it('refuses a file that is not a GGUF at the field, then imports the tiny GGUF', async () => {
    const path = models.getByLabel('GGUF file path', { exact: true });
    // The browser may run on another machine than Sahel: no file picker, and the field says whose path.
    expect(await models.locator('input[type="file"]').count()).toBe(0);
    await path.fill(join(ROOT, 'package.json'));
    await models.getByRole('button', { name: 'Import' }).click();
    // The refusal is the field's description (aria-describedby), not a line at the top of the page.
    await expect.poll(() => path.getAttribute('aria-invalid')).toBe('true');
    const described = async () => {
      const ids = ((await path.getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean);
      const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()));
      return texts.join(' | ');
    };
    expect(await described()).toMatch(/not a GGUF/);
    expect(await described()).toMatch(/machine running Sahel/);
    expect(await models.getByRole('alert').count()).toBe(0);
    await shot('import-refused');

    await path.fill(TINY);
    await models.getByRole('button', { name: 'Import' }).click();
    const row = models.locator('[data-model="llama-2-tiny-random"]');
    await row.waitFor();
    expect(await row.getAttribute('data-state')).toBe('ready');
    expect(await row.textContent()).toMatch(/LLaMA v2.*Ready.*llama.*imported from/);
    expect(await path.inputValue()).toBe('');
    expect(await path.getAttribute('aria-invalid')).toBeNull();
  });

  it('loads the model with automatic GPU layers and shows it loaded; unloads it', async () => {
    const row = models.locator('[data-model="llama-2-tiny-random"]');
    expect(await row.getByLabel('GPU layers').inputValue()).toBe('auto');
    await row.getByRole('button', { name: 'Load' }).click();
    const engine = models.getByTestId('engine');
    await expect.poll(() => engine.textContent(), { timeout: ENGINE_MS }).toMatch(/Loaded: LLaMA v2/);
    expect(await engine.getAttribute('data-state')).toBe('ready');
    await expect.poll(() => row.getAttribute('data-state')).toBe('loaded');
    expect(await row.textContent()).toMatch(/Unload it to delete it/);
    await shot('loaded');

    await engine.getByRole('button', { name: 'Unload' }).click();
    await expect.poll(() => engine.textContent()).toMatch(/No model loaded/);
    await expect.poll(() => row.getAttribute('data-state')).toBe('ready');
    await row.getByRole('button', { name: 'Remove…' }).click();
    await row.getByRole('button', { name: 'Forget' }).click();
    await models.getByText('No models yet.').waitFor();
    expect(e2e.consoleErrors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });

  it('downloads from a URL with progress, pauses, resumes, and cancels another', async () => {
    // About 8 s for the whole file: time to see the figures and to press Pause.
    Object.assign(files.behaviour, { slow: true, slowBytes: 4096 });
    const uri = models.getByLabel('Download from Hugging Face or a URL');
    await uri.fill(`${files.base}/files/tiny.gguf`);
    await models.getByRole('button', { name: 'Download', exact: true }).first().click();
    const row = models.locator('[data-model="tiny"]');
    await row.waitFor();
    const bar = row.getByRole('progressbar', { name: 'Downloading tiny' });
    await expect
      .poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await expect.poll(() => row.textContent()).toMatch(/\d+% of 1\.75 MB · [\d.]+ [KM]B\/s · \d+ s left/);
    await shot('downloading');
    await row.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => row.getAttribute('data-state')).toBe('paused');
    expect(await row.textContent()).toMatch(/paused/);

    files.behaviour.slow = false;
    await row.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 15_000 }).toBe('ready');
    expect(files.requests.filter((r) => r.method === 'GET').at(-1)?.range).toMatch(/^bytes=[1-9]\d*-$/);

    files.behaviour.slow = true;
    await uri.fill(`${files.base}/tiny.gguf`);
    await models.getByRole('button', { name: 'Download', exact: true }).first().click();
    const second = models.locator('[data-model="tiny-2"]');
    await second.getByRole('button', { name: 'Cancel' }).click();
    await second.waitFor({ state: 'detached' });
    expect(await models.locator('[data-model]').count()).toBe(1);
  });
});
