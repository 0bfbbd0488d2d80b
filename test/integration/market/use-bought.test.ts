// Using what was bought: each kind of asset, bought between two owners on one anvil and received
// by the real receiver, is usable as core.ts wires it (retrieval, the adapters, the vault's models and
// the engine with the tiny GGUF) until its time-limited licence ends, then refused with the date.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VaultAdapters } from '../../../src-main/llm/adapters.js';
import { LlmService } from '../../../src-main/llm/llm-service.js';
import { inspectGguf } from '../../../src-main/llm/models/gguf.js';
import { VaultModels } from '../../../src-main/llm/models/vault-models.js';
import { VaultRetriever } from '../../../src-main/llm/retrieval/retriever.js';
import { offerBought } from '../../../src-main/llm/vault-parts.js';
import { BoughtLicences } from '../../../src-main/market/use/bought-licences.js';
import type { AssetKind } from '../../../src-shared/domain/asset-metadata.js';
import { PublishInput } from '../../../src-shared/domain/market-publish.js';
import { haveAge } from '../../support/age-cli.js';
import { silentLogger } from '../../support/logger.js';
import { loraGguf, loraTargets } from '../../support/lora-gguf.js';
import { ROOT } from '../../support/sahel-process.js';
import { tempDir } from '../../support/tmp.js';
import { type Chain, E18, PaymentToken, send, useChain } from '../contracts/harness.js';
import { type Seller, seller } from './publish-fixture.js';
import { type BuyerSide, buyerSide, sellerSide, until } from './trade-fixture.js';

const MODEL = join(ROOT, '..', 'shared', 'models', 'llama-2-tiny-random.gguf');
const HOUR = 3600;
const DATASET = 'Sorghum yields in the Tillabéri terraces rose after the zai pits were dug.\n'.repeat(20);

let c: Chain;
let s: Seller;
let b: BuyerSide;
let llm: LlmService;
/** The buyer's clock as the licences read it: moved past an expiry by the tests. */
let now = Date.now();
let licences: BoughtLicences;
const bought = new Map<string, { itemId: string; expiresAt: string }>();

/** Publishes `bytes` under `name` as `kind`, licensed for an hour; returns the offer id. */
async function publish(name: string, bytes: Buffer, kind: AssetKind): Promise<string> {
  const item = await s.add(name, bytes);
  const plan = await s.publisher.plan(
    PublishInput.parse({ itemId: item.id, price: '1', title: name, kind, durationSeconds: HOUR }),
  );
  return (await s.publisher.confirm(plan.planId)).offerId;
}

function runtimeFiles(): string[] {
  const parts = join(b.dir, 'run', 'model-parts');
  return existsSync(parts) ? readdirSync(parts) : [];
}

describe('what was bought is used like the user’s own, until its licence ends', () => {
  useChain((chain) => {
    c = chain;
  });

  beforeAll(async () => {
    if (!haveAge) return;
    s = await seller(c, tempDir());
    const adapter = loraGguf(await loraTargets(MODEL), { magnitude: 2, seed: 3 });
    const offers: [string, string][] = [
      ['terraces.txt', await publish('terraces.txt', Buffer.from(DATASET), 'dataset')],
      ['strong.gguf', await publish('strong.gguf', adapter, 'adapter')],
      ['tiny.gguf', await publish('tiny.gguf', readFileSync(MODEL), 'model')],
      ['greeter.txt', await publish('greeter.txt', Buffer.from('You greet in Zarma.'), 'prompt')],
      // Sold as an adapter, but its bytes are not a GGUF: it must never be offered to the engine.
      ['liar.gguf', await publish('liar.gguf', Buffer.from('not a gguf at all'), 'adapter')],
    ];
    const sell = sellerSide(c, s);
    b = await buyerSide(c, tempDir(), 4, async ({ itemId, kind }) => {
      await offerBought(b.vault, itemId, kind);
    });
    await send(c, 0, c.token, PaymentToken.abi, 'mint', [c.addr(4), BigInt(offers.length) * E18]);
    const licenceIds = new Map<string, string>();
    for (const [name, offerId] of offers) {
      const plan = await b.buyer.plan({ offerId });
      licenceIds.set(name, (await b.buyer.confirm(plan.planId)).licenseId);
    }
    sell.loop.start(100);
    b.loop.start(100);
    try {
      await until('every licence received', () =>
        b.buyer.licenses().then((l) => l.length === offers.length && l.every((x) => x.state === 'received')),
      );
    } finally {
      await sell.loop.stop();
      await b.loop.stop();
    }
    const rows = b.trades.licenses(b.world.network.chainId, c.market);
    for (const [name, licenseId] of licenceIds) {
      const row = rows.find((r) => r.licenseId === licenseId)!;
      bought.set(name, { itemId: row.itemId!, expiresAt: row.expiresAt! });
    }
    const times = [...bought.values()].map((x) => Date.parse(x.expiresAt));
    now = Math.min(...times) - 60_000; // a minute before the first licence ends
    licences = new BoughtLicences(b.trades, () => now);
    llm = new LlmService({
      log: silentLogger(),
      gpu: 'cpu',
      onStatus: () => {},
      adapters: new VaultAdapters(b.vault, licences),
      licences,
      watchMs: 50,
    });
  }, 240_000);

  afterAll(async () => {
    await llm?.dispose();
    await b?.close();
    await s?.close();
  });

  const item = (name: string) => b.vault.items.get(bought.get(name)!.itemId);

  it.skipIf(!haveAge)(
    'each kind arrives tagged with the chain’s kind; a lying “adapter” stays a plain file',
    () => {
      expect(item('terraces.txt')).toMatchObject({
        kind: 'file',
        tags: ['licensed', 'dataset'],
        modelPart: null,
      });
      expect(item('greeter.txt')).toMatchObject({
        kind: 'file',
        tags: ['licensed', 'prompt'],
        modelPart: null,
      });
      expect(item('strong.gguf')).toMatchObject({
        kind: 'model-part',
        tags: ['licensed', 'adapter'],
        modelPart: { role: 'lora-adapter', model: null },
      });
      expect(item('tiny.gguf')).toMatchObject({
        kind: 'model-part',
        modelPart: { role: 'weights', model: null },
      });
      expect(item('liar.gguf')).toMatchObject({
        kind: 'file',
        tags: ['licensed', 'adapter'],
        modelPart: null,
      });
      for (const x of bought.values()) expect(Date.parse(x.expiresAt)).toBeGreaterThan(Date.now());
    },
  );

  it.skipIf(!haveAge)(
    'a bought dataset answers chat retrieval; once its licence ends it does not',
    async () => {
      const retriever = new VaultRetriever({ vault: b.vault, log: silentLogger(), licences });
      retriever.vaultUnlocked();
      const before = await retriever.retrieve('zai pits sorghum Tillabéri', 3);
      expect(before[0]).toMatchObject({ itemId: bought.get('terraces.txt')!.itemId });
      expect(before[0]!.text).toContain('zai pits');
      const saved = now;
      now = Date.parse(bought.get('terraces.txt')!.expiresAt) + 1_000;
      try {
        expect(await retriever.retrieve('zai pits sorghum Tillabéri', 3)).toEqual([]);
        // Named for the reply, with the date its licence ended.
        expect((await retriever.search('zai pits sorghum Tillabéri', 3)).unsearched).toEqual([
          {
            itemId: bought.get('terraces.txt')!.itemId,
            itemName: item('terraces.txt').name,
            expiresAt: bought.get('terraces.txt')!.expiresAt,
          },
        ]);
        // Still the user's: in the vault, deletable.
        expect(item('terraces.txt').id).toBe(bought.get('terraces.txt')!.itemId);
      } finally {
        now = saved;
      }
    },
  );

  it.skipIf(!haveAge)(
    'the bought model is listed and loads from the vault with the bought adapter; nothing decrypted stays',
    async () => {
      const models = new VaultModels(b.vault, licences);
      const modelId = `vault-${bought.get('tiny.gguf')!.itemId}`;
      expect(models.list(() => false)).toMatchObject([
        { id: modelId, source: 'vault', state: 'ready', purpose: 'chat', licenceExpired: null },
      ]);
      expect(llm.listAdapters()).toMatchObject([
        { itemId: bought.get('strong.gguf')!.itemId, licenceExpired: null },
      ]);
      const status = await llm.load(await models.target(modelId), {
        contextSize: 256,
        adapters: [{ itemId: bought.get('strong.gguf')!.itemId, scale: 1 }],
      });
      expect(status).toMatchObject({
        state: 'ready',
        model: { id: modelId, path: expect.stringMatching(/^vault:/) },
      });
      expect(status.model?.adapters.map((a) => a.itemId)).toEqual([bought.get('strong.gguf')!.itemId]);
      let text = '';
      for await (const piece of llm
        .engine()
        .generate({ prompt: 'Once', maxTokens: 4, temperature: 0, seed: 1 }))
        text += piece;
      expect(text.length).toBeGreaterThan(0);
      expect(runtimeFiles()).toEqual([]);
      // The licence ends while the model runs: the engine lets it go and the status says why.
      const saved = now;
      now = Math.min(...[...bought.values()].map((x) => Date.parse(x.expiresAt))) + 1_000;
      try {
        await until(
          'the expired model unloaded',
          () => llm.status().state === 'stopped' && llm.engine().loaded === undefined,
        );
      } finally {
        now = saved;
      }
      expect(llm.status()).toMatchObject({
        model: null,
        error: expect.stringMatching(/^Unloaded: ".+" has its licence expired \d{4}-\d\d-\d\d/),
      });
    },
    120_000,
  );

  it.skipIf(!haveAge)(
    'once the licences end, the model and the adapter are listed with the date and refused saying why',
    async () => {
      const saved = now;
      now = Math.max(...[...bought.values()].map((x) => Date.parse(x.expiresAt))) + 1_000;
      const model = bought.get('tiny.gguf')!;
      const adapter = bought.get('strong.gguf')!;
      try {
        const models = new VaultModels(b.vault, licences);
        expect(models.list(() => false)[0]).toMatchObject({ licenceExpired: model.expiresAt });
        await expect(models.target(`vault-${model.itemId}`)).rejects.toMatchObject({
          code: 'FORBIDDEN',
          message: expect.stringContaining(`licence expired ${model.expiresAt.slice(0, 10)}`),
        });
        expect(llm.listAdapters()).toMatchObject([
          { itemId: adapter.itemId, licenceExpired: adapter.expiresAt },
        ]);
        // The same adapter on the user's own copy of the model: the adapter alone is refused.
        const own = { id: 'tiny', name: 'Tiny', path: MODEL, fileBytes: 0, meta: await inspectGguf(MODEL) };
        await expect(
          llm.load(own, { contextSize: 256, adapters: [{ itemId: adapter.itemId, scale: 1 }] }),
        ).rejects.toMatchObject({
          code: 'FORBIDDEN',
          message: expect.stringContaining(`licence expired ${adapter.expiresAt.slice(0, 10)}`),
        });
        // Still the user's to delete.
        expect(b.vault.items.remove(adapter.itemId)).toBeGreaterThan(0);
      } finally {
        now = saved;
      }
      expect(runtimeFiles()).toEqual([]);
    },
    120_000,
  );

  it.skipIf(!haveAge)('locking the vault unloads a model loaded from it, saying why', async () => {
    const models = new VaultModels(b.vault, licences);
    const id = `vault-${bought.get('tiny.gguf')!.itemId}`;
    await expect(llm.load(await models.target(id), { contextSize: 256 })).resolves.toMatchObject({
      state: 'ready',
      model: { id, adapters: [] },
    });
    b.vault.lock();
    await llm.vaultLocked();
    expect(llm.status()).toMatchObject({
      state: 'stopped',
      model: null,
      error: expect.stringContaining('the model is kept in the vault'),
    });
    expect(models.list(() => false)).toEqual([]);
  });
});
