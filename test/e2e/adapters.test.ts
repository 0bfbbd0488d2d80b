import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServeAndBrowser, SHOTS, withServeAndBrowser } from '../support/e2e.js';
import { writeLora } from '../support/lora-gguf.js';
import { ROOT } from '../support/sahel-process.js';
import { socketConnect, wsConnect } from '../support/ws-client.js';

const TINY = join(ROOT, '..', 'shared', 'models', 'llama-2-tiny-random.gguf');
const PASS = 'a long enough test passphrase';
/** Starting the engine process is slow on a busy two-core machine. */
const ENGINE_MS = 90_000;

describe('the Adapters panel in Chromium against sahel serve', () => {
  let e2e: ServeAndBrowser;
  let api: Awaited<ReturnType<typeof wsConnect>>;
  let page: Page;
  let panel: Locator;
  const files = mkdtempSync(join(tmpdir(), 'sahel-e2e-adapter-files-'));
  const runtimeFiles = () => {
    const parts = join(e2e.dataDir, 'run', 'model-parts');
    return existsSync(parts) ? readdirSync(parts) : [];
  };

  beforeAll(async () => {
    await writeLora(join(files, 'style.gguf'), TINY, { magnitude: 1 });
    await writeLora(join(files, 'wide.gguf'), TINY, {
      reshape: (w) => ({ name: w.name, ne: [w.ne[0] * 2, w.ne[1]] }),
    });
    e2e = await withServeAndBrowser({
      env: { SAHEL_GPU: 'cpu' },
      model: TINY,
      viewport: { width: 1280, height: 1000 },
    });
    page = e2e.page;
    api = await wsConnect(e2e.serve);
    await api.api.vault.create({ passphrase: PASS });
    // Paths go through the owner's local socket, as the CLI's `vault add` does; never the browser's.
    const local = await socketConnect(e2e.dataDir);
    const { items } = await local.api.vault.importPaths({
      paths: [join(files, 'style.gguf'), join(files, 'wide.gguf')],
    });
    local.close();
    for (const item of items) {
      await api.api.vault.update({ id: item.id, modelPart: { role: 'lora-adapter', model: null } });
    }
    await api.api.models.use({ id: 'llama-2-tiny-random', contextSize: 512 });
    panel = page.getByTestId('adapters-panel');
  }, ENGINE_MS);

  afterAll(async () => {
    api?.close();
    await e2e?.close();
    rmSync(files, { recursive: true, force: true });
  });

  it('lists the vault adapters, applies one with a strength, and names it', async () => {
    await page.goto(`${e2e.url}#/models`);
    const applied = panel.getByTestId('adapters-applied');
    await expect.poll(() => applied.textContent()).toMatch(/LLaMA v2 runs without adapters/);
    await panel.getByText('style.gguf').waitFor();
    expect(await panel.textContent()).toMatch(/wide\.gguf.*any model/);

    await panel.getByRole('checkbox', { name: /style\.gguf/ }).check();
    await panel.getByLabel('Strength of style.gguf').fill('0.5');
    await panel.getByRole('button', { name: 'Reload with these adapters' }).click();
    await expect
      .poll(() => applied.textContent(), { timeout: ENGINE_MS })
      .toMatch(/runs with style\.gguf ×0\.5/);
    expect((await api.api.models.status({})).model?.adapters).toMatchObject([
      { name: 'style.gguf', scale: 0.5 },
    ]);
    expect(runtimeFiles()).toEqual([]);
    await expect
      .poll(() => panel.getByRole('button', { name: 'Reload with these adapters' }).isEnabled())
      .toBe(true);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'models-adapters.png'), fullPage: true });
  });

  it('says why an adapter made for another model is refused, and leaves nothing decrypted', async () => {
    await panel.getByRole('checkbox', { name: /style\.gguf/ }).uncheck();
    await panel.getByRole('checkbox', { name: /wide\.gguf/ }).check();
    await panel.getByRole('button', { name: 'Reload with these adapters' }).click();
    await expect
      .poll(() => panel.getByRole('alert').first().textContent(), { timeout: ENGINE_MS })
      .toMatch(/"wide\.gguf" does not fit LLaMA v2/);
    expect(runtimeFiles()).toEqual([]);
  });

  it('unloads a model running with adapters when the vault locks, and asks for the vault to be unlocked', async () => {
    const items = (await api.api.models.adapters({})).adapters;
    const style = items.find((a) => a.name === 'style.gguf')!;
    await api.api.models.use({
      id: 'llama-2-tiny-random',
      contextSize: 512,
      adapters: [{ itemId: style.itemId }],
    });
    await api.api.vault.lock({});
    await expect
      .poll(async () => (await api.api.models.status({})).error)
      .toMatch(/Unloaded when the vault locked/);
    await expect.poll(() => page.getByTestId('engine').textContent()).toMatch(/No model loaded/);
    await panel.getByText('Unlock the vault to choose adapters.').waitFor();
    expect(await panel.getByRole('checkbox').count()).toBe(0);
    expect(e2e.consoleErrors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
