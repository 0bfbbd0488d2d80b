// The Embeddings panel of the Models page in Chromium against `sahel serve`: an embedding GGUF
// added there and chosen makes retrieval hybrid over the vault's documents, and the status says so.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { type ServeAndBrowser, SHOTS, withServeAndBrowser } from '../support/e2e.js';
import { ROOT } from '../support/sahel-process.js';

const TINY = join(ROOT, '..', 'shared', 'models', 'llama-2-tiny-random.gguf');
const PASSPHRASE = 'embeddings e2e passphrase';
/** Starting the engine process and embedding on a busy two-core machine is slow. */
const ENGINE_MS = 90_000;

describe('the Embeddings panel in Chromium against sahel serve', () => {
  let e2e: ServeAndBrowser;
  let page: Page;
  let panel: Locator;
  const root = mkdtempSync(join(tmpdir(), 'sahel-e2e-embeddings-'));
  const passFile = join(root, 'pass.txt');
  const status = () => panel.getByTestId('retrieval-status');

  beforeAll(async () => {
    writeFileSync(passFile, PASSPHRASE, { mode: 0o600 });
    const docs = join(root, 'docs');
    mkdirSync(docs);
    writeFileSync(join(docs, 'boats.txt'), 'The harbour master moved our boat to the east pier.');
    writeFileSync(join(docs, 'pets.txt'), 'Our kitten sleeps all day on the sofa.');
    const run = async (dataDir: string, args: string[]) => {
      const r = await runCli(args, { dataDir, timeoutMs: 60_000 });
      expect(r.code, r.stderr).toBe(0);
    };
    e2e = await withServeAndBrowser({
      viewport: { width: 1280, height: 900 },
      prepare: async (dataDir) => {
        await run(dataDir, ['vault', 'init', '--passphrase-file', passFile]);
        await run(dataDir, ['vault', 'add', docs, '--passphrase-file', passFile]);
      },
    });
    // The CLI unlocks the running owner's vault.
    await run(e2e.dataDir, ['vault', 'unlock', '--passphrase-file', passFile]);
    page = e2e.page;
    panel = page.getByTestId('embedding-panel');
  });

  afterAll(async () => {
    await e2e?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('starts with full-text retrieval and no embedding model to choose', async () => {
    await page.goto(`${e2e.url}#/models`);
    await expect.poll(() => status().getAttribute('data-mode'), { timeout: 30_000 }).toBe('fulltext');
    expect(await status().textContent()).toMatch(/^Full text only · 2 documents, 2 passages/);
    expect(await panel.textContent()).toMatch(/No embedding model installed/);
    // The catalog offers embedding models, marked as such.
    const nomic = page.locator('[data-catalog="nomic-embed-text-v1.5-q8_0"]');
    await nomic.waitFor({ timeout: ENGINE_MS });
    expect(await nomic.textContent()).toMatch(/Embedding.*sha256 pinned in the catalog/);
  });

  it('adds the tiny GGUF as an embedding model, chooses it, and retrieval turns hybrid', async () => {
    await panel.getByLabel('Embedding GGUF file path').fill(TINY);
    await panel.getByRole('button', { name: 'Add embedding model' }).click();
    const row = page.locator('[data-model="llama-2-tiny-random"]');
    await row.waitFor();
    expect(await row.textContent()).toMatch(/Embedding/);
    // Never offered as the chat model.
    expect(await row.getByRole('button', { name: 'Load' }).count()).toBe(0);

    const select = panel.getByLabel('Embedding model');
    await select.selectOption('llama-2-tiny-random');
    await expect.poll(() => status().getAttribute('data-mode'), { timeout: ENGINE_MS }).toBe('hybrid');
    expect(await status().textContent()).toMatch(
      /^Hybrid: full text and embeddings · 2 documents, 2 passages · 2 of 2 embedded/,
    );
    expect(await row.textContent()).toMatch(/Embedding · in use/);
    await page.screenshot({ path: join(SHOTS, 'models-embeddings-hybrid.png'), fullPage: true });
  });

  it('switched to none, retrieval is full text again', async () => {
    await panel.getByLabel('Embedding model').selectOption('');
    await expect.poll(() => status().getAttribute('data-mode')).toBe('fulltext');
    expect(await status().textContent()).toMatch(/^Full text only · 2 documents/);
    expect(e2e.consoleErrors).toEqual([]);
  });
});
