// An embedding model chosen by the user, as core.ts wires it: the tiny GGUF imported as an embedding
// model feeds the real engine's vectors into retrieval (hybrid), switching it off or removing it
// returns retrieval to full text, and the vectors never reach the disk.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Core, createCore } from '../../../../src-main/core.js';
import { openDatabase } from '../../../../src-main/store/database.js';
import { ModelRolesRepo } from '../../../../src-main/store/model-roles-repo.js';
import { silentLogger } from '../../../support/logger.js';
import { FAST_KDF } from '../../../support/vault.js';
import { TINY } from './support.js';

const PASS = 'embedding model passphrase';
/** One fused rank from each list: what a passage found by BM25 and by its vector at least scores. */
const BOTH = 1 / 61 + 1 / 63;

function open(dataDir: string): Core {
  return createCore({ dataDir, ownerKind: 'serve', log: silentLogger(), kdfPolicy: FAST_KDF, llmGpu: 'cpu' });
}

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe('the embedding model behind retrieval', () => {
  // One data dir for the whole story (tempDir() would remove it after the first test).
  const root = mkdtempSync(join(tmpdir(), 'sahel-embedding-'));
  const dataDir = join(root, 'data');
  let core: Core;
  const call = async (method: string, input: unknown = {}) => {
    const res = await core.router.dispatch(method, input, { transport: 'local' });
    if (!res.ok) throw Object.assign(new Error(res.error.message), { code: res.error.code });
    return res.value as Record<string, unknown>;
  };

  beforeAll(async () => {
    core = open(dataDir);
    await call('vault.create', { passphrase: PASS });
    await core.vault.items.addNote('Pets', 'Our kitten sleeps all day on the sofa.', [], null);
    await core.vault.items.addNote('Boats', 'The harbour master moved our boat to the east pier.', [], null);
    await core.vault.items.addNote('Taxes', 'Receipt for the annual tax return, filed in March.', [], null);
  });
  afterAll(() => {
    core?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('is chosen among embedding models only, and retrieval turns hybrid with every passage embedded', async () => {
    await core.retriever.settled();
    expect(await call('models.embedding')).toMatchObject({
      id: null,
      retrieval: { state: 'ready', mode: 'fulltext', embedded: 0, chunks: 3 },
    });
    expect(await core.retriever.retrieve('zebra crossing', 3)).toEqual([]);

    // A chat architecture with no pooling type: the header does not tell, so the user's word counts.
    const chatCopy = join(root, 'tiny-chat.gguf');
    copyFileSync(TINY, chatCopy);
    const chat = await call('models.import', { path: chatCopy });
    const embed = await call('models.import', { path: TINY, purpose: 'embedding' });
    expect(chat).toMatchObject({ purpose: 'chat', embedding: false });
    expect(embed).toMatchObject({ purpose: 'embedding', embedding: false, architecture: 'llama' });

    // Never the other way round: a chat model is no embedding model, an embedding model never chats.
    await expect(call('models.setEmbedding', { id: chat.id })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(call('models.use', { id: embed.id })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(core.llm.loaded()).toBeNull();

    const chosen = await call('models.setEmbedding', { id: embed.id });
    expect(chosen).toMatchObject({ id: embed.id });
    await core.retriever.settled();
    const status = core.retriever.status();
    expect(status).toMatchObject({ state: 'ready', mode: 'hybrid', chunks: 3, embedded: 3 });
    expect(await call('models.embedding')).toMatchObject({ id: embed.id, retrieval: status });
    const listed = (await call('models.list')).models as { id: string; embedding: boolean }[];
    expect(listed.find((m) => m.id === embed.id)?.embedding).toBe(true);

    // No word of "zebra crossing" is in the vault: only the vectors rank, so every passage comes back.
    expect(await core.retriever.retrieve('zebra crossing', 3)).toHaveLength(3);
    // "harbour" is in one note: BM25 ranks it first and the vectors rank it too, so its fused score
    // holds a share of both lists.
    const [top] = await core.retriever.retrieve('harbour', 3);
    expect(top!.itemName).toBe('Boats');
    expect(top!.score).toBeGreaterThanOrEqual(BOTH - 1e-12);
  }, 120_000);

  it('keeps the vectors in memory only: none of their bytes is in any file of the data dir', async () => {
    const target = core.models.embeddingTarget()!;
    const texts = [
      'Our kitten sleeps all day on the sofa.',
      'The harbour master moved our boat to the east pier.',
    ];
    const vectors = await core.llm.engine().embed(texts, target.path);
    const needles = vectors.flatMap((v) => {
      const norm = Math.hypot(...v);
      const unit = Float32Array.from(v, (x) => x / norm);
      return [Buffer.from(v.buffer, v.byteOffset, v.byteLength), Buffer.from(unit.buffer)];
    });
    for (const n of needles) expect(n.length).toBeGreaterThanOrEqual(16);
    const all = files(dataDir);
    expect(all.length).toBeGreaterThan(0);
    for (const file of all) {
      if (statSync(file).size > 64 * 1024 * 1024) continue;
      const bytes = readFileSync(file);
      for (const n of needles) expect(bytes.includes(n), `${file} holds an embedding`).toBe(false);
      for (const t of texts) expect(bytes.includes(Buffer.from(t)), `${file} holds note text`).toBe(false);
    }
  }, 60_000);

  it('switched off, retrieval is full text again; the choice survives a restart', async () => {
    const embedId = core.models.embeddingTarget()!.id;
    expect(await call('models.setEmbedding', { id: null })).toMatchObject({
      id: null,
      retrieval: { mode: 'fulltext', embedded: 0 },
    });
    expect(await core.retriever.retrieve('zebra crossing', 3)).toEqual([]);

    await call('models.setEmbedding', { id: embedId });
    core.close();
    core = open(dataDir);
    expect(await call('models.embedding')).toMatchObject({ id: embedId });
    await call('vault.unlock', { passphrase: PASS });
    await core.retriever.settled();
    expect(core.retriever.status()).toMatchObject({ mode: 'hybrid', embedded: 3, chunks: 3 });
  }, 120_000);

  it('removing the embedding model clears the choice and drops its vectors', async () => {
    const embedId = core.models.embeddingTarget()!.id;
    await call('models.remove', { id: embedId });
    expect(await call('models.embedding')).toMatchObject({
      id: null,
      retrieval: { mode: 'fulltext', embedded: 0 },
    });
    expect(core.retriever.status().mode).toBe('fulltext');
    // The stored choice is gone too, not merely hidden.
    const db = openDatabase(join(dataDir, 'sahel.db'));
    expect(new ModelRolesRepo(db).embeddingModel()).toBeNull();
    db.close();
    await expect(call('models.setEmbedding', { id: embedId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  }, 60_000);
});
