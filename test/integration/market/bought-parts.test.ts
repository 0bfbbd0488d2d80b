// A crash between a bought adapter's or model's import and its marking as a model part, as core.ts
// wires the owner: the data dir is left as the receiver leaves it at that point (the item imported
// with the chain's kind as a tag, its licence row marked received) and the owner closed before
// marking; the next owner marks them when the vault unlocks, so they are offered among the models and
// adapters. An item the user unmarked since is left alone; a file that is not a GGUF is refused once,
// the reason kept on its licence, and not decrypted again at the next unlock.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Core, createCore } from '../../../src-main/core.js';
import { offerBought } from '../../../src-main/llm/vault-parts.js';
import { BoughtParts } from '../../../src-main/market/use/bought-parts.js';
import { openDatabase } from '../../../src-main/store/database.js';
import { MarketTradesRepo } from '../../../src-main/store/market-trades-repo.js';
import { silentLogger } from '../../support/logger.js';
import { loraGguf, loraTargets } from '../../support/lora-gguf.js';
import { licenceRow } from '../../support/market-rows.js';
import { ROOT } from '../../support/sahel-process.js';
import { FAST_KDF, openTestVault } from '../../support/vault.js';
import { until } from './trade-fixture.js';

const PASS = 'bought parts passphrase, long enough';
const MODEL = join(ROOT, '..', 'shared', 'models', 'llama-2-tiny-random.gguf');

const open = (dataDir: string): Core =>
  createCore({ dataDir, ownerKind: 'serve', log: silentLogger(), kdfPolicy: FAST_KDF, llmGpu: 'cpu' });

async function call(core: Core, method: string, input: unknown = {}): Promise<Record<string, unknown>> {
  const res = await core.router.dispatch(method, input, { transport: 'local' });
  if (!res.ok) throw Object.assign(new Error(res.error.message), { code: res.error.code });
  return res.value as Record<string, unknown>;
}

describe('bought adapters and models whose marking a crash cut off', () => {
  const root = mkdtempSync(join(tmpdir(), 'sahel-bought-parts-'));
  const dataDir = join(root, 'data');
  const ids = { model: '', adapter: '', liar: '', unmarked: '' };
  let core: Core | undefined;
  afterAll(async () => {
    await core?.close();
    rmSync(root, { recursive: true, force: true });
  });
  const licences = () => {
    const db = openDatabase(join(dataDir, 'sahel.db'));
    try {
      return new MarketTradesRepo(db).receivedItems().length;
    } finally {
      db.close();
    }
  };
  const licenceOf = (itemId: string) => {
    const db = openDatabase(join(dataDir, 'sahel.db'));
    try {
      return new MarketTradesRepo(db).licenseByItem(itemId);
    } finally {
      db.close();
    }
  };

  it('the next owner marks them at unlock; the user’s unmarking stands; a non-GGUF is refused once', {
    timeout: 120_000,
  }, async () => {
    writeFileSync(join(root, 'style.gguf'), loraGguf(await loraTargets(MODEL)));
    writeFileSync(join(root, 'liar.gguf'), 'sold as an adapter, not a GGUF at all');
    core = open(dataDir);
    await call(core, 'vault.create', { passphrase: PASS });
    const add = async (path: string, kind: string) =>
      (await core!.vault.items.importPaths([path], ['licensed', kind], null, 'job'))[0]!.id;
    ids.model = await add(MODEL, 'model');
    ids.adapter = await add(join(root, 'style.gguf'), 'adapter');
    ids.liar = await add(join(root, 'liar.gguf'), 'adapter');
    ids.unmarked = await add(MODEL, 'model');
    // The licence rows as the receiver writes them once the import is in the vault.
    const db = openDatabase(join(dataDir, 'sahel.db'));
    const trades = new MarketTradesRepo(db);
    const received = new Date().toISOString();
    Object.values(ids).forEach((itemId, n) => {
      const pubKey = `0x${(n + 1).toString(16).padStart(64, '0')}`;
      const row = { id: `l${n}`, licenseId: String(n + 1), pubKey, buyTx: '0x1', state: 'received' as const };
      trades.insertLicense(licenceRow({ ...row, itemId, createdAt: received, updatedAt: received }));
    });
    db.close();
    // One the user marked and unmarked after it arrived: their choice, not a cut-off marking.
    await new Promise((r) => setTimeout(r, 5));
    core.vault.items.update(ids.unmarked, { modelPart: { role: 'weights', model: null } });
    core.vault.items.update(ids.unmarked, { modelPart: null });
    // The crash: the owner goes before the marking ran.
    await core.close();
    expect(licences()).toBe(4);

    core = open(dataDir);
    await call(core, 'vault.unlock', { passphrase: PASS });
    await until('the cut-off markings done', async () => licenceOf(ids.liar)?.reason != null);
    await until('both marked', async () => core!.vault.items.get(ids.adapter).kind === 'model-part');
    expect(core.vault.items.get(ids.model)).toMatchObject({
      kind: 'model-part',
      modelPart: { role: 'weights', model: null },
    });
    expect(core.vault.items.get(ids.adapter)).toMatchObject({
      kind: 'model-part',
      modelPart: { role: 'lora-adapter', model: null },
    });
    expect(core.vault.items.get(ids.unmarked)).toMatchObject({ kind: 'file', modelPart: null });
    expect(core.vault.items.get(ids.liar)).toMatchObject({ kind: 'file', modelPart: null });
    const refused = licenceOf(ids.liar)!;
    expect(refused).toMatchObject({
      state: 'received',
      reason: 'its file is not a GGUF LoRA adapter: it stays a plain file in the vault',
    });
    // Offered where the user looks for them.
    const models = (await call(core, 'models.list')) as unknown as { models: { id: string }[] };
    expect(models.models.map((m) => m.id)).toContain(`vault-${ids.model}`);
    expect(models.models.map((m) => m.id)).not.toContain(`vault-${ids.unmarked}`);

    await core.close();
    core = undefined;

    // The next unlock leaves the refused one as it was: not decrypted and checked again.
    const t = openTestVault(dataDir);
    await t.vault.unlock(PASS);
    const marked: string[] = [];
    const parts = new BoughtParts({
      trades: new MarketTradesRepo(t.db),
      vault: t.vault,
      mark: (itemId, kind) => {
        marked.push(itemId);
        return offerBought(t.vault, itemId, kind) ?? Promise.resolve();
      },
      log: silentLogger(),
    });
    expect(await parts.settle()).toEqual([]);
    expect(marked).toEqual([]);
    t.close();
    expect(licenceOf(ids.liar)).toEqual(refused);
  });
});
