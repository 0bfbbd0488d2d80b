import type { UnsearchedItem } from '../../../src-shared/domain/chat.js';
import type { RetrievalStatus } from '../../../src-shared/domain/retrieval.js';
import type { VaultItem } from '../../../src-shared/domain/vault.js';
import { SahelError } from '../../../src-shared/errors.js';
import type { Logger } from '../../platform/index.js';
import { isTextual, type Vault, VaultError } from '../../vault/index.js';
import type { Embedder } from '../embeddings.js';
import type { ItemLicences } from '../licences.js';
import { ChunkIndex, type Ranked } from './chunk-index.js';
import { type ChunkOptions, chunkText, DEFAULT_CHUNKING } from './chunker.js';
import { reciprocalRankFusion } from './fusion.js';

/** A passage of a vault item and the item it cites. */
export interface Passage {
  itemId: string;
  itemName: string;
  text: string;
  score: number;
}

/** An answer's passages, and the bought items it left out because their licence ended. */
export interface Retrieval {
  passages: Passage[];
  unsearched: UnsearchedItem[];
}

export interface Retriever {
  retrieve(query: string, k: number): Promise<Passage[]>;
  search(query: string, k: number): Promise<Retrieval>;
}

export interface VaultRetrieverOptions {
  vault: Pick<Vault, 'isUnlocked' | 'items'>;
  log: Logger;
  /** The embedding model installed now, if any (the model manager decides); none: BM25 alone. */
  embedder?: () => Embedder | undefined;
  chunking?: ChunkOptions;
  /** Bought items whose licence has ended are left out of answers (the market decides, through core). */
  licences?: ItemLicences;
}

/** Text larger than this is not indexed (the vault's own search index has the same cap). */
const MAX_TEXT_BYTES = 2 * 1024 * 1024;
const MAX_K = 50;
const MAX_QUERY = 4000;
const EMBED_BATCH = 16;

/**
 * Retrieval over the unlocked vault: notes and text files cut into overlapping chunks, ranked by
 * BM25 (SQLite FTS5 in memory) and, when an embedding model is installed, by cosine similarity too,
 * merged by reciprocal-rank fusion. Built after unlock, kept current on vault.changed, dropped at
 * lock; text and vectors live in memory only. Embeddings are computed in the background: a question
 * asked before they are done is answered with the vectors there are, BM25 covering the rest.
 */
export class VaultRetriever implements Retriever {
  private index: ChunkIndex | undefined;
  /** Bumped at every unlock and lock: work started for an older generation stops at its next step. */
  private generation = 0;
  private work: Promise<void> = Promise.resolve();
  private embedding: Promise<void> = Promise.resolve();
  private embedderId: string | undefined;
  private indexing = false;
  private readonly chunking: ChunkOptions;

  constructor(private readonly opts: VaultRetrieverOptions) {
    this.chunking = opts.chunking ?? DEFAULT_CHUNKING;
  }

  /** Starts indexing every text item; core calls it when the vault unlocks (again: no-op). */
  vaultUnlocked(): void {
    if (this.index) return;
    this.vaultLocked();
    const gen = this.generation;
    this.index = new ChunkIndex();
    this.enqueue(gen, () => this.indexAll(gen));
  }

  /** Drops the index and every vector at once; running work stops at its next step. */
  vaultLocked(): void {
    this.generation += 1;
    this.index?.close();
    this.index = undefined;
    this.embedderId = undefined;
  }

  /** Re-reads changed items (added, edited, renamed, removed); core calls it on vault.changed. */
  itemsChanged(ids: string[]): void {
    if (!this.index) return;
    const gen = this.generation;
    this.enqueue(gen, () => this.refresh(ids, gen));
  }

  /**
   * The embedding model was chosen, switched or switched off: vectors of the old one go at once (they
   * live in another space), and the chunks are embedded again with the new one in the background.
   */
  embedderChanged(): void {
    const index = this.index;
    if (!index) return;
    const next = this.opts.embedder?.()?.id;
    if (next !== this.embedderId) {
      index.clearVectors();
      this.embedderId = undefined;
    }
    const gen = this.generation;
    this.embedding = this.embedding.then(() => this.embedPending(gen));
  }

  /** Resolves when the background embedding pass queued so far has finished (tests, status). */
  async settled(): Promise<void> {
    await this.work;
    await this.embedding;
  }

  status(): RetrievalStatus {
    const index = this.index;
    if (!index || !this.opts.vault.isUnlocked)
      return { state: 'locked', items: 0, chunks: 0, embedded: 0, mode: 'fulltext' };
    return {
      state: this.indexing ? 'indexing' : 'ready',
      items: index.items,
      chunks: index.size,
      embedded: index.embedded,
      mode: index.embedded > 0 && this.embedderId !== undefined ? 'hybrid' : 'fulltext',
    };
  }

  async retrieve(query: string, k: number): Promise<Passage[]> {
    return (await this.search(query, k)).passages;
  }

  /**
   * The best passages for a question. Bought items whose licence has ended are left out of the
   * ranking (asked at answer time, not at indexing: a licence ends while the index stays built), so
   * their chunks never take the places of others; those the question would have drawn on are named
   * in `unsearched`, so the reply can say why it did not use them.
   */
  async search(query: string, k: number): Promise<Retrieval> {
    if (!this.opts.vault.isUnlocked) {
      this.vaultLocked();
      throw new SahelError('LOCKED', 'Unlock the vault to search your documents');
    }
    if (!this.index) this.vaultUnlocked();
    const gen = this.generation;
    await this.work;
    const index = this.index;
    if (!index || gen !== this.generation) throw new SahelError('LOCKED', 'The vault was locked');
    const q = query.slice(0, MAX_QUERY);
    const top = Math.min(Math.max(1, Math.floor(k) || 1), MAX_K);
    const pool = Math.max(20, top * 4);
    const ended = new Map([...(this.opts.licences?.expired() ?? [])].filter(([id]) => index.has(id)));
    const skip = new Set(ended.keys());
    const vector = index.embedded > 0 ? await this.embedQuery(q) : undefined;
    if (gen !== this.generation) throw new SahelError('LOCKED', 'The vault was locked');
    const rank = (without: ReadonlySet<string>): Ranked[] => {
      const rankings = [index.searchText(q, pool, without)];
      if (vector) rankings.push(index.searchVector(vector, pool, without));
      return rankings.length > 1 ? reciprocalRankFusion(rankings) : rankings[0]!;
    };
    const passages: Passage[] = [];
    for (const r of rank(skip)) {
      const chunk = index.chunk(r.id);
      const item = chunk && this.itemOrUndefined(chunk.itemId);
      if (!chunk || !item) continue;
      passages.push({ itemId: item.id, itemName: item.name, text: chunk.text, score: r.score });
      if (passages.length === top) break;
    }
    // The ended items the question matches: those among the candidates when nothing is left out.
    const unsearched: UnsearchedItem[] = [];
    if (skip.size > 0) {
      const matched = new Set(rank(new Set()).map((r) => index.chunk(r.id)?.itemId));
      for (const [itemId, expiresAt] of ended) {
        const item = matched.has(itemId) ? this.itemOrUndefined(itemId) : undefined;
        if (item) unsearched.push({ itemId, itemName: item.name, expiresAt });
      }
    }
    return { passages, unsearched };
  }

  private enqueue(gen: number, fn: () => Promise<void>): void {
    this.work = this.work.then(async () => {
      if (gen !== this.generation) return;
      this.indexing = true;
      try {
        await fn();
      } catch (err) {
        // Locking mid-way closes the index under the work: that is not worth a warning.
        if (gen === this.generation)
          this.opts.log.warn('retrieval: indexing stopped', { error: describe(err) });
      } finally {
        this.indexing = false;
      }
      if (gen === this.generation) this.embedding = this.embedding.then(() => this.embedPending(gen));
    });
  }

  private async indexAll(gen: number): Promise<void> {
    for (const item of this.textItems()) {
      if (gen !== this.generation) return;
      await this.indexItem(item, gen);
    }
  }

  private async refresh(ids: string[], gen: number): Promise<void> {
    for (const id of new Set(ids)) {
      if (gen !== this.generation) return;
      const item = this.itemOrUndefined(id);
      if (item && indexable(item)) await this.indexItem(item, gen);
      else this.index?.removeItem(id);
    }
  }

  private async indexItem(item: VaultItem, gen: number): Promise<void> {
    const preview = await this.opts.vault.items.preview(item.id, MAX_TEXT_BYTES).catch((err: unknown) => {
      // A replaced or damaged file stays out of retrieval (the vault's state names it); the rest goes on.
      if (err instanceof VaultError && err.code === 'DAMAGED') return null;
      throw err;
    });
    if (gen !== this.generation || !this.index) return;
    if (preview?.kind !== 'text') return this.index.removeItem(item.id);
    const chunks = chunkText(preview.text, this.chunking).map((c) => c.text);
    this.index.setItem(item.id, item.name, chunks);
    // Yield between items so a large vault never holds up the event loop.
    await new Promise((r) => setImmediate(r));
  }

  private async embedPending(gen: number): Promise<void> {
    const embedder = this.opts.embedder?.();
    if (!embedder || gen !== this.generation || !this.index) return;
    if (this.embedderId !== embedder.id) {
      // Vectors of another model live in another space: start over.
      this.index.clearVectors();
      this.embedderId = embedder.id;
    }
    try {
      const pending = this.index.unembedded();
      for (let i = 0; i < pending.length; i += EMBED_BATCH) {
        const batch = pending.slice(i, i + EMBED_BATCH);
        const vectors = await embedder.embed(batch.map((c) => c.text));
        // Locked, or the user switched models mid-way: these vectors belong to nothing now.
        if (gen !== this.generation || !this.index || this.embedderId !== embedder.id) return;
        batch.forEach((c, j) => {
          const v = vectors[j];
          if (v) this.index?.setVector(c.id, v);
        });
      }
    } catch (err) {
      if (gen === this.generation)
        this.opts.log.warn('retrieval: embeddings stopped; full-text ranking only', { error: describe(err) });
    }
  }

  private async embedQuery(query: string): Promise<Float32Array | undefined> {
    const embedder = this.opts.embedder?.();
    if (!embedder || embedder.id !== this.embedderId) return undefined;
    try {
      return (await embedder.embed([query]))[0];
    } catch (err) {
      this.opts.log.warn('retrieval: query embedding failed; full-text ranking only', {
        error: describe(err),
      });
      return undefined;
    }
  }

  /** Every note and text file, folders walked breadth first. */
  private textItems(): VaultItem[] {
    const items = this.opts.vault.items;
    const out: VaultItem[] = [];
    const parents: (string | null)[] = [null];
    for (let p = parents.shift(); p !== undefined; p = parents.shift()) {
      for (const item of items.list(p)) {
        if (item.kind === 'folder') parents.push(item.id);
        else if (indexable(item)) out.push(item);
      }
    }
    return out;
  }

  private itemOrUndefined(id: string): VaultItem | undefined {
    try {
      return this.opts.vault.items.get(id);
    } catch {
      return undefined;
    }
  }
}

/** Notes and text files; never secrets, model parts or binaries. */
function indexable(item: VaultItem): boolean {
  return (
    (item.kind === 'note' || (item.kind === 'file' && isTextual(item.mime))) && item.size <= MAX_TEXT_BYTES
  );
}

/** Error messages from the vault and engine carry no user text; only the message is logged. */
function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : 'unknown error';
}
