import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VaultAdapters } from '../../../src-main/llm/adapters.js';
import { LlmService } from '../../../src-main/llm/llm-service.js';
import { inspectGguf } from '../../../src-main/llm/models/gguf.js';
import type { LoadTarget } from '../../../src-main/llm/models/model-manager.js';
import type { AdapterChoice } from '../../../src-shared/domain/models.js';
import { silentLogger } from '../../support/logger.js';
import { writeLora } from '../../support/lora-gguf.js';
import { ROOT } from '../../support/sahel-process.js';
import { openTestVault } from '../../support/vault.js';

const MODEL = join(ROOT, '..', 'shared', 'models', 'llama-2-tiny-random.gguf');
const PASS = 'a long enough test passphrase';

let dir: string;
let t: ReturnType<typeof openTestVault>;
let llm: LlmService;
let target: LoadTarget;
const ids = { strong: '', wrongShape: '', otherModel: '', plain: '' };

/** Greedy, seeded: the same model and adapters give the same text. */
async function generate(): Promise<string> {
  const h = llm.engine().generate({ prompt: 'Once upon a time', maxTokens: 12, temperature: 0, seed: 7 });
  let text = '';
  for await (const piece of h) text += piece;
  return text;
}

/** What is left of decrypted model parts in the vault's runtime dir. */
function runtimeFiles(): string[] {
  const parts = join(dir, 'run', 'model-parts');
  return existsSync(parts) ? readdirSync(parts) : [];
}

function use(adapters: AdapterChoice[] = []) {
  return llm.load(target, { contextSize: 512, adapters });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sahel-lora-'));
  t = openTestVault(dir);
  await t.vault.create(PASS);
  const files = join(dir, 'files');
  mkdirSync(join(files, 'nested'), { recursive: true });
  await writeLora(join(files, 'strong.gguf'), MODEL, { magnitude: 2, seed: 3 });
  // Twice the inputs of every weight: what an adapter trained for a wider model looks like. It sits
  // in a folder, which the adapter list must look into.
  await writeLora(join(files, 'nested', 'wide.gguf'), MODEL, {
    reshape: (w) => ({ name: w.name, ne: [w.ne[0] * 2, w.ne[1]] }),
  });
  writeFileSync(join(files, 'notes.txt'), 'not an adapter');
  const items = t.vault.items;
  const imported = await items.importPaths(
    ['strong.gguf', 'nested', 'notes.txt'].map((f) => join(files, f)),
    [],
    null,
    'test',
  );
  const byName = (name: string) => imported.find((i) => i.name === name)!.id;
  ids.strong = byName('strong.gguf');
  ids.wrongShape = byName('wide.gguf');
  ids.plain = byName('notes.txt');
  items.update(ids.strong, { modelPart: { role: 'lora-adapter', model: null } });
  items.update(ids.wrongShape, { modelPart: { role: 'lora-adapter', model: 'tiny' } });
  const [other] = await items.importPaths([join(files, 'strong.gguf')], [], null, 'test2');
  ids.otherModel = other!.id;
  items.update(ids.otherModel, { modelPart: { role: 'lora-adapter', model: 'another-model' } });
  rmSync(files, { recursive: true, force: true });
  llm = new LlmService({
    log: silentLogger(),
    gpu: 'cpu',
    onStatus: () => {},
    adapters: new VaultAdapters(t.vault),
  });
  target = {
    id: 'tiny',
    name: 'Tiny',
    path: MODEL,
    fileBytes: statSync(MODEL).size,
    meta: await inspectGguf(MODEL),
  };
}, 60_000);

afterAll(async () => {
  await llm?.dispose();
  t?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('LoRA adapters from the vault', () => {
  let base = '';
  let adapted = '';

  it('changes greedy output with a strong adapter; scale 0 gives the base output; no plaintext is left', async () => {
    await use();
    base = await generate();
    expect(base.length).toBeGreaterThan(0);
    expect(await generate()).toBe(base);

    const status = await use([{ itemId: ids.strong, scale: 1 }]);
    expect(status.model?.adapters).toEqual([{ itemId: ids.strong, name: 'strong.gguf', scale: 1 }]);
    expect(runtimeFiles()).toEqual([]);
    adapted = await generate();
    expect(adapted).not.toBe(base);

    await use([{ itemId: ids.strong, scale: 0 }]);
    expect(runtimeFiles()).toEqual([]);
    expect(await generate()).toBe(base);
  }, 120_000);

  it('decrypts the adapters again when the engine restarts after a crash', async () => {
    await use([{ itemId: ids.strong, scale: 1 }]);
    const pid = llm.engine().pid;
    expect(pid).toBeGreaterThan(0);
    process.kill(pid!, 'SIGKILL');
    await expect.poll(() => llm.engine().loaded, { timeout: 10_000 }).toBeUndefined();
    // The host reloads the last load on the next request, adapters included.
    expect(await generate()).toBe(adapted);
    expect(llm.engine().pid).not.toBe(pid);
    expect(runtimeFiles()).toEqual([]);
  }, 120_000);

  it('refuses an adapter made for other tensor shapes with BAD_INPUT; the engine stays usable', async () => {
    await expect(use([{ itemId: ids.wrongShape, scale: 1 }])).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringContaining('wide.gguf'),
    });
    expect(runtimeFiles()).toEqual([]);
    expect(llm.status()).toMatchObject({ state: 'failed', model: null });
    // Nothing runs behind that status: not the previous model with its adapters either.
    await expect(generate()).rejects.toMatchObject({ code: 'no-model-loaded' });
    await use();
    expect(await generate()).toBe(base);
  }, 120_000);

  it('refuses items that are not adapters, adapters for another model, and unknown ids', async () => {
    await expect(use([{ itemId: ids.plain, scale: 1 }])).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(use([{ itemId: ids.otherModel, scale: 1 }])).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringContaining('another-model'),
    });
    await expect(use([{ itemId: 'no-such-item', scale: 1 }])).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      use([
        { itemId: ids.strong, scale: 1 },
        { itemId: ids.strong, scale: 1 },
      ]),
    ).rejects.toMatchObject({ code: 'BAD_INPUT' });
    // Refused before anything changed: the base model is still loaded.
    expect(llm.status()).toMatchObject({ state: 'ready', model: { id: 'tiny', adapters: [] } });
    expect(runtimeFiles()).toEqual([]);
  }, 60_000);

  it('lists the vault items marked as LoRA adapters, for a model or for any', () => {
    expect(
      llm
        .listAdapters()
        .map((a) => a.itemId)
        .sort(),
    ).toEqual([ids.strong, ids.wrongShape, ids.otherModel].sort());
    expect(
      llm
        .listAdapters('tiny')
        .map((a) => a.name)
        .sort(),
    ).toEqual(['strong.gguf', 'wide.gguf']);
  });

  it('refuses adapters with LOCKED while the vault is locked, leaving the loaded model as it was', async () => {
    t.vault.lock();
    try {
      await expect(use([{ itemId: ids.strong, scale: 1 }])).rejects.toMatchObject({ code: 'LOCKED' });
      expect(() => llm.listAdapters()).toThrow(expect.objectContaining({ code: 'LOCKED' }));
      expect(llm.status()).toMatchObject({ state: 'ready', model: { id: 'tiny' } });
      expect(runtimeFiles()).toEqual([]);
    } finally {
      await t.vault.unlock(PASS);
    }
  }, 60_000);

  it('unloads a model running with adapters when the vault locks; one without stays', async () => {
    await use();
    await llm.vaultLocked();
    expect(llm.status()).toMatchObject({ state: 'ready', model: { id: 'tiny' } });
    await use([{ itemId: ids.strong, scale: 1 }]);
    await llm.vaultLocked();
    expect(llm.status()).toMatchObject({
      state: 'stopped',
      model: null,
      error: expect.stringMatching(/vault locked/),
    });
    expect(llm.engine().loaded).toBeUndefined();
  }, 60_000);
});
