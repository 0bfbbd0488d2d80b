// Models kept in the vault, through the model manager as the API and CLI reach them: listed beside the
// models table while the vault is unlocked, checked and loaded from a decrypted copy, never removed
// from here (the vault deletes them), and a file named like them does not take their ids.
import { copyFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VaultModels } from '../../../../src-main/llm/models/vault-models.js';
import { markModelPart } from '../../../../src-main/llm/vault-parts.js';
import { loraGguf, loraTargets } from '../../../support/lora-gguf.js';
import { tempDir } from '../../../support/tmp.js';
import { openTestVault } from '../../../support/vault.js';
import { type Harness, openManager, TINY } from './support.js';

let dir: string;
let t: ReturnType<typeof openTestVault>;
let h: Harness;
const ids = { model: '', adapter: '', text: '' };

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
    expect(readdirSync(join(dir, 'run', 'model-parts'))).toEqual([]); // the header check left nothing
    const file = await target.file!();
    expect(existsSync(file.path)).toBe(true);
    file.release();
    expect(existsSync(file.path)).toBe(false);
    await expect(h.manager.remove(id)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('Vault page'),
    });
  });

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
