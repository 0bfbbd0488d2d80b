import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Embedder, engineEmbedder } from '../../../src-main/llm/embeddings.js';
import { EngineHost } from '../../../src-main/llm/engine/host/engine-host.js';
import { VaultRetriever } from '../../../src-main/llm/retrieval/retriever.js';
import { openDatabase } from '../../../src-main/store/database.js';
import { VaultItemsRepo } from '../../../src-main/store/vault-items-repo.js';
import { Vault } from '../../../src-main/vault/vault.js';
import { SahelError } from '../../../src-shared/errors.js';
import { silentLogger } from '../../support/logger.js';
import { ROOT } from '../../support/sahel-process.js';
import { tempDir } from '../../support/tmp.js';
import { FAST_KDF } from '../../support/vault.js';

const PASS = 'retrieval test 73 olive kestrels';
const closers: (() => void)[] = [];
afterEach(() => {
  for (const c of closers.splice(0)) c();
});

/** A vault wired to a retriever the way core.ts wires them: unlock, lock and changes drive the index. */
async function setup(embedder?: () => Embedder | undefined) {
  const dataDir = tempDir();
  const db = openDatabase(join(dataDir, 'sahel.db'));
  let retriever: VaultRetriever | undefined;
  const vault = new Vault({
    dir: join(dataDir, 'vault'),
    runDir: join(dataDir, 'run'),
    repo: new VaultItemsRepo(db),
    log: silentLogger(),
    policy: FAST_KDF,
    events: {
      state: (s) => (s.state === 'unlocked' ? retriever?.vaultUnlocked() : retriever?.vaultLocked()),
      changed: (ids) => retriever?.itemsChanged(ids),
    },
  });
  retriever = new VaultRetriever({ vault, log: silentLogger(), ...(embedder ? { embedder } : {}) });
  closers.push(() => {
    vault.close();
    db.close();
  });
  await vault.create(PASS);
  return { dataDir, vault, retriever };
}

/** Fixed vectors by topic: what a real embedding model would say, without one. */
const TOPICS: [RegExp, number[]][] = [
  [/\b(cat|cats|kitten|feline)\b/i, [1, 0, 0]],
  [/\b(boat|sail|harbour|vessel)\b/i, [0, 1, 0]],
  [/\b(tax|invoice|receipt)\b/i, [0, 0, 1]],
];
function fixedEmbedder(calls: string[][] = []): Embedder {
  return {
    id: 'fixed-topics',
    async embed(texts) {
      calls.push(texts);
      return texts.map((t) => new Float32Array(TOPICS.find(([re]) => re.test(t))?.[1] ?? [0.1, 0.1, 0.1]));
    },
  };
}

describe('retrieval over the vault', () => {
  it('ranks with BM25 and cites the items it used, walking folders, never secrets', async () => {
    const { vault, retriever } = await setup();
    const src = tempDir();
    mkdirSync(join(src, 'docs', 'deep'), { recursive: true });
    writeFileSync(
      join(src, 'docs', 'deep', 'repairs.txt'),
      'The invoice for the boat repair came to 420 euros.',
    );
    writeFileSync(join(src, 'docs', 'photo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    await vault.items.importPaths([join(src, 'docs')], [], null, 'job');
    const garden = await vault.items.addNote(
      'Garden',
      'Tomatoes need sun. The boat shed is by the garden.',
      [],
      null,
    );
    await vault.items.addSecret('boat invoice password', 'boat invoice hunter2', []);
    const passages = await retriever.retrieve('how much was the boat repair invoice?', 5);
    const repairs = vault.items.list(
      vault.items.list(vault.items.list(null).find((i) => i.name === 'docs')!.id)[0]!.id,
    )[0]!;
    expect(passages[0]).toMatchObject({ itemId: repairs.id, itemName: 'repairs.txt' });
    expect(passages[0]!.text).toContain('420 euros');
    expect(passages.map((p) => p.itemId)).toContain(garden.id);
    expect(passages.map((p) => p.itemId)).toHaveLength(2);
    expect(passages.some((p) => p.text.includes('hunter2'))).toBe(false);
    expect(passages[0]!.score).toBeGreaterThan(passages[1]!.score);
    expect(retriever.status()).toMatchObject({ state: 'ready', items: 2, mode: 'fulltext', embedded: 0 });
  });

  it('returns chunks of a long document, each a slice of it, and at most k', async () => {
    const { vault, retriever } = await setup();
    const paras = Array.from({ length: 60 }, (_, i) =>
      i === 41
        ? 'The lighthouse keeper logged a storm on the night of the ninth.'
        : `Paragraph ${i} is filler about fields and weather ${i}.`,
    );
    const text = paras.join('\n\n');
    const doc = await vault.items.addNote('Almanac', text, [], null);
    const [top] = await retriever.retrieve('lighthouse storm', 3);
    expect(top!.itemId).toBe(doc.id);
    expect(top!.text).toContain('lighthouse keeper');
    expect(top!.text.length).toBeLessThanOrEqual(1000);
    expect(text).toContain(top!.text);
    const many = await retriever.retrieve('paragraph filler weather', 4);
    expect(many).toHaveLength(4);
    expect(new Set(many.map((p) => p.text)).size).toBe(4);
    expect(retriever.status().chunks).toBeGreaterThan(2);
  });

  it('follows vault changes: new notes, renames and removals', async () => {
    const { vault, retriever } = await setup();
    expect(await retriever.retrieve('marmalade', 3)).toEqual([]);
    const note = await vault.items.addNote('Recipes', 'Seville orange marmalade, boiled twice.', [], null);
    expect((await retriever.retrieve('marmalade', 3)).map((p) => p.itemId)).toEqual([note.id]);
    vault.items.update(note.id, { name: 'Preserves' });
    expect((await retriever.retrieve('marmalade', 3))[0]?.itemName).toBe('Preserves');
    vault.items.remove(note.id);
    expect(await retriever.retrieve('marmalade', 3)).toEqual([]);
  });

  it('merges BM25 with embeddings: a question with no shared word still finds its passage', async () => {
    const calls: string[][] = [];
    const { vault, retriever } = await setup(() => fixedEmbedder(calls));
    const cats = await vault.items.addNote('Pets', 'Our kitten sleeps all day on the sofa.', [], null);
    const boat = await vault.items.addNote('Boats', 'The harbour master moved our boat.', [], null);
    await vault.items.addNote('Taxes', 'Receipt for the annual tax return.', [], null);
    await retriever.settled();
    expect(retriever.status()).toMatchObject({ mode: 'hybrid', embedded: 3, chunks: 3 });
    // "feline" is in no document: BM25 finds nothing, the vectors find the kitten.
    const passages = await retriever.retrieve('feline', 2);
    expect(passages[0]!.itemId).toBe(cats.id);
    // Both rankings agree on the boat note for "boat": it comes first, with a higher fused score.
    const both = await retriever.retrieve('boat', 3);
    expect(both[0]!.itemId).toBe(boat.id);
    expect(both[0]!.score).toBeGreaterThan(both[1]!.score);
    expect(calls.flat()).toContain('feline');
  });

  it('with embeddings failing, answers from BM25 alone', async () => {
    const broken: Embedder = { id: 'broken', embed: () => Promise.reject(new Error('engine gone')) };
    const { vault, retriever } = await setup(() => broken);
    const note = await vault.items.addNote('Boats', 'The harbour master moved our boat.', [], null);
    await retriever.settled();
    expect(retriever.status().mode).toBe('fulltext');
    expect((await retriever.retrieve('harbour', 2))[0]?.itemId).toBe(note.id);
  });

  it('refuses with LOCKED while the vault is locked, and drops the index', async () => {
    const { vault, retriever } = await setup(() => fixedEmbedder());
    await vault.items.addNote('Boats', 'The harbour master moved our boat.', [], null);
    await retriever.retrieve('boat', 1);
    vault.lock();
    expect(retriever.status()).toMatchObject({ state: 'locked', chunks: 0, embedded: 0 });
    const err = await retriever.retrieve('boat', 1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SahelError);
    expect((err as SahelError).code).toBe('LOCKED');
    await vault.unlock(PASS);
    expect(await retriever.retrieve('boat', 1)).toHaveLength(1);
  });

  it('writes nothing of the index to disk: a canary is in no file of the data dir', async () => {
    const { dataDir, vault, retriever } = await setup(() => fixedEmbedder());
    const canary = `canary${randomBytes(8).toString('hex')}`;
    await vault.items.addNote(`notes ${canary}`, `the boat ${canary} sails at dawn`, [canary], null);
    const hits = await retriever.retrieve(canary, 3);
    await retriever.settled();
    expect(hits[0]!.text).toContain(canary);
    expect(retriever.status().embedded).toBe(1);
    const scan = () =>
      readdirSync(dataDir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => join(e.parentPath, e.name))
        .filter((f) => {
          const bytes = readFileSync(f);
          return bytes.includes(Buffer.from(canary)) || bytes.includes(Buffer.from(canary, 'utf16le'));
        });
    // While unlocked and indexed (database and WAL open), and again after locking.
    expect(scan()).toEqual([]);
    vault.lock();
    expect(scan()).toEqual([]);
  });

  it('runs hybrid on real embeddings from the engine process (tiny model: plumbing, not meaning)', async () => {
    const model = join(ROOT, '..', 'shared', 'models', 'llama-2-tiny-random.gguf');
    const host = new EngineHost({ gpu: 'cpu' });
    try {
      const { vault, retriever } = await setup(() => engineEmbedder(host, 'tiny', model));
      const notes = [];
      for (let i = 0; i < 8; i++)
        notes.push(await vault.items.addNote(`n${i}`, `note ${i} about topic ${i % 3}`, [], null));
      await retriever.settled();
      expect(retriever.status()).toMatchObject({ mode: 'hybrid', chunks: 8, embedded: 8 });
      const passages = await retriever.retrieve('topic', 5);
      expect(passages).toHaveLength(5);
      const ids = new Set(notes.map((n) => n.id));
      for (const p of passages) expect(ids.has(p.itemId)).toBe(true);
    } finally {
      await host.dispose();
    }
  }, 120_000);
});
