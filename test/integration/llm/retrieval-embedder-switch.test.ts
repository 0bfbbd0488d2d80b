// The retriever when the user switches embedding models: vectors of the old model go at once, the
// passages are embedded again by the new one, and with none retrieval reports full text.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Embedder } from '../../../src-main/llm/embeddings.js';
import { VaultRetriever } from '../../../src-main/llm/retrieval/retriever.js';
import { openDatabase } from '../../../src-main/store/database.js';
import { VaultItemsRepo } from '../../../src-main/store/vault-items-repo.js';
import { Vault } from '../../../src-main/vault/vault.js';
import { silentLogger } from '../../support/logger.js';
import { tempDir } from '../../support/tmp.js';
import { FAST_KDF } from '../../support/vault.js';

const closers: (() => void)[] = [];
afterEach(() => {
  for (const c of closers.splice(0)) c();
});

/** Vectors by topic, tagged with the model that made them (the last component). */
function topicEmbedder(id: string, tag: number, calls: string[]): Embedder {
  return {
    id,
    async embed(texts) {
      calls.push(...texts.map(() => id));
      return texts.map(
        (t) => new Float32Array([/kitten|feline/.test(t) ? 1 : 0, /boat|harbour/.test(t) ? 1 : 0, tag]),
      );
    },
  };
}

describe('switching the embedding model', () => {
  it('drops the old vectors, embeds again with the new model, and with none ranks by full text', async () => {
    const dataDir = tempDir();
    const db = openDatabase(join(dataDir, 'sahel.db'));
    let current: Embedder | undefined;
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
    retriever = new VaultRetriever({ vault, log: silentLogger(), embedder: () => current });
    closers.push(() => {
      vault.close();
      db.close();
    });
    await vault.create('switch test passphrase');
    const pets = await vault.items.addNote('Pets', 'Our kitten sleeps all day.', [], null);
    await vault.items.addNote('Boats', 'The harbour master moved our boat.', [], null);
    await retriever.settled();
    expect(retriever.status()).toMatchObject({ mode: 'fulltext', embedded: 0, chunks: 2 });

    const calls: string[] = [];
    current = topicEmbedder('model-a', 0.5, calls);
    retriever.embedderChanged();
    await retriever.settled();
    expect(retriever.status()).toMatchObject({ mode: 'hybrid', embedded: 2 });
    expect((await retriever.retrieve('feline', 1))[0]?.itemId).toBe(pets.id);

    current = topicEmbedder('model-b', -0.5, calls);
    retriever.embedderChanged();
    // The old vectors are gone at once, before the new ones exist.
    expect(retriever.status()).toMatchObject({ mode: 'fulltext', embedded: 0 });
    await retriever.settled();
    expect(retriever.status()).toMatchObject({ mode: 'hybrid', embedded: 2 });
    // Both passages were embedded again, by model-b.
    expect(calls.filter((c) => c === 'model-b')).toHaveLength(2);
    expect((await retriever.retrieve('feline', 1))[0]?.itemId).toBe(pets.id);

    current = undefined;
    retriever.embedderChanged();
    await retriever.settled();
    expect(retriever.status()).toMatchObject({ mode: 'fulltext', embedded: 0 });
    // No word of "feline" is in the vault: with full text alone nothing matches.
    expect(await retriever.retrieve('feline', 1)).toEqual([]);
  });
});
