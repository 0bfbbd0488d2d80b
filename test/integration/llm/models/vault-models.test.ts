// Models kept in the vault, through the model manager as the API and CLI reach them: listed beside the
// models table while the vault is unlocked, checked and loaded from a decrypted copy, never removed
// from here (the vault deletes them), and a file named like them does not take their ids.
import { copyFileSync, existsSync, mkdirSync, readdirSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LlmService } from '../../../../src-main/llm/llm-service.js';
import { VaultModels } from '../../../../src-main/llm/models/vault-models.js';
import { markModelPart } from '../../../../src-main/llm/vault-parts.js';
import { silentLogger } from '../../../support/logger.js';
import { loraGguf, loraTargets } from '../../../support/lora-gguf.js';
import { tempDir } from '../../../support/tmp.js';
import { openTestVault } from '../../../support/vault.js';
import { type Harness, openManager, TINY } from './support.js';

let dir: string;
const parts = () => readdirSync(join(dir, 'run', 'model-parts'));
let t: ReturnType<typeof openTestVault>;
let h: Harness;
const ids = { model: '', adapter: '', text: '' };

/** Lets the watcher's events (delivered on the event loop) arrive. */
async function until(ok: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 20));
}

beforeAll(async () => {
  dir = tempDir();
  t = openTestVault(dir);
  await t.vault.create('a long enough test passphrase');
  const adapter = join(dir, 'adapter.gguf');
  writeFileSync(adapter, loraGguf(await loraTargets(TINY)));
  const text = join(dir, 'notes.gguf');
  writeFileSync(text, 'GGUF? no: just text');
  const [m, a, x] = await t.vault.items.importPaths([TINY, adapter, text], [], null, 'job');
  ids.model = m!.id;
  ids.adapter = a!.id;
  ids.text = x!.id;
  h = openManager(dir, 'http://127.0.0.1:9', { vault: new VaultModels(t.vault) });
});

afterAll(() => {
  h?.close();
  t?.close();
});

describe('models kept in the vault', () => {
  it('marks a GGUF model as weights, and refuses an adapter or a non-GGUF as one, leaving them plain files', async () => {
    await expect(markModelPart(t.vault, ids.model, 'weights')).resolves.toMatchObject({
      kind: 'model-part',
      modelPart: { role: 'weights', model: null },
    });
    await expect(markModelPart(t.vault, ids.adapter, 'weights')).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringMatching(/is a GGUF LoRA adapter, not a model/),
    });
    await expect(markModelPart(t.vault, ids.text, 'lora-adapter')).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
    expect(t.vault.items.get(ids.adapter)).toMatchObject({ kind: 'file', modelPart: null });
    expect(t.vault.items.get(ids.text)).toMatchObject({ kind: 'file', modelPart: null });
    expect(readdirSync(join(dir, 'run', 'model-parts'))).toEqual([]);
  });

  it('lists it among the models while the vault is unlocked, and gives a load target decrypted per load', async () => {
    const id = `vault-${ids.model}`;
    expect(h.manager.list().map((m) => [m.id, m.source, m.state])).toEqual([[id, 'vault', 'ready']]);
    expect(h.manager.get(id)).toMatchObject({ path: `vault:${ids.model}`, licenceExpired: null });
    const target = await h.manager.loadTarget(id);
    expect(target).toMatchObject({ id, itemId: ids.model, meta: { architecture: 'llama', fileType: null } });
    // The copy the header was read from is the first load's file; a second load decrypts its own.
    const [checked] = parts();
    expect(parts()).toHaveLength(1);
    const file = await target.file!();
    expect(file.path).toBe(join(dir, 'run', 'model-parts', checked!));
    file.release();
    expect(existsSync(file.path)).toBe(false);
    const again = await target.file!();
    expect(parts()).toEqual([again.path.split('/').at(-1)]);
    again.release();
    target.release!();
    expect(parts()).toEqual([]);
    // A target no load took leaves nothing decrypted once released.
    (await h.manager.loadTarget(id)).release!();
    expect(parts()).toEqual([]);
    await expect(h.manager.remove(id)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('Vault page'),
    });
  });

  it('a load from the vault decrypts the model once, and a refused load leaves nothing decrypted', async () => {
    const id = `vault-${ids.model}`;
    const llm = new LlmService({ log: silentLogger(), gpu: 'cpu', onStatus: () => {} });
    // Every decrypted copy is a new file in the runtime dir: the watcher sees each one made.
    const made = new Set<string>();
    mkdirSync(join(dir, 'run', 'model-parts'), { recursive: true });
    const watcher = watch(join(dir, 'run', 'model-parts'), (_e, name) => {
      if (name?.endsWith('.bin')) made.add(name);
    });
    try {
      await expect(llm.load(await h.manager.loadTarget(id), { contextSize: 256 })).resolves.toMatchObject({
        state: 'ready',
        model: { id },
      });
      await until(() => made.size > 0);
      expect(made.size).toBe(1);
      expect(parts()).toEqual([]);
      // Refused before the engine asks for the file (no adapters here): the checked copy goes too.
      await expect(
        llm.load(await h.manager.loadTarget(id), { adapters: [{ itemId: ids.adapter, scale: 1 }] }),
      ).rejects.toMatchObject({ code: 'UNAVAILABLE' });
      await until(() => made.size > 1);
      expect(made.size).toBe(2);
      expect(parts()).toEqual([]);
    } finally {
      watcher.close();
      await llm.dispose();
    }
  }, 120_000);

  it('lists none of them while the vault is locked', () => {
    t.vault.lock();
    expect(h.manager.list()).toEqual([]);
  });

  it('a file called vault-….gguf imported as a model gets another id', async () => {
    const named = join(dir, 'vault-tiny.gguf');
    copyFileSync(TINY, named);
    const m = await h.manager.importFile(named);
    expect(m.id).toBe('file-vault-tiny');
    expect(h.manager.get(m.id)).toMatchObject({ source: 'import' });
  });
});
