import { anyWordQuery, MemoryFts } from '../../store/index.js';

export interface IndexedChunk {
  /** `<itemId>:<n>`: unique per chunk, stable while the item's text is unchanged. */
  id: string;
  itemId: string;
  text: string;
}

const NONE: ReadonlySet<string> = new Set();

export interface Ranked {
  id: string;
  /** Higher is better; comparable only within one ranking. */
  score: number;
}

/**
 * The chunks of unlocked items with two rankings: BM25 from SQLite FTS5 in a memory-only database
 * (store/memory-fts.ts), and cosine similarity over embeddings kept in process memory. Nothing here
 * is ever written to a file; `close()` drops it all at lock.
 */
export class ChunkIndex {
  // porter: "invoices" finds "invoice"; the name column lets a question naming a document find it.
  private readonly fts = new MemoryFts(
    'retrieval index',
    "CREATE VIRTUAL TABLE chunks USING fts5(id UNINDEXED, item UNINDEXED, name, body, tokenize = 'porter unicode61 remove_diacritics 2')",
  );
  private readonly texts = new Map<string, IndexedChunk>();
  private readonly byItem = new Map<string, string[]>();
  private readonly vectors = new Map<string, Float32Array>();

  get size(): number {
    return this.texts.size;
  }

  get items(): number {
    return this.byItem.size;
  }

  has(itemId: string): boolean {
    return this.byItem.has(itemId);
  }

  get embedded(): number {
    return this.vectors.size;
  }

  /** Replaces an item's chunks (and forgets their embeddings). */
  setItem(itemId: string, name: string, texts: string[]): IndexedChunk[] {
    const db = this.fts.db;
    this.removeItem(itemId);
    const chunks = texts.map((text, n) => ({ id: `${itemId}:${n}`, itemId, text }));
    const insert = db.prepare('INSERT INTO chunks (id, item, name, body) VALUES (?, ?, ?, ?)');
    db.transaction(() => {
      for (const c of chunks) insert.run(c.id, itemId, name, c.text);
    })();
    for (const c of chunks) this.texts.set(c.id, c);
    this.byItem.set(
      itemId,
      chunks.map((c) => c.id),
    );
    return chunks;
  }

  removeItem(itemId: string): void {
    const ids = this.byItem.get(itemId);
    if (!ids) return;
    this.fts.db.prepare('DELETE FROM chunks WHERE item = ?').run(itemId);
    for (const id of ids) {
      this.texts.delete(id);
      this.vectors.delete(id);
    }
    this.byItem.delete(itemId);
  }

  chunk(id: string): IndexedChunk | undefined {
    return this.texts.get(id);
  }

  /** Chunks that have no embedding yet, in index order. */
  unembedded(): IndexedChunk[] {
    return [...this.texts.values()].filter((c) => !this.vectors.has(c.id));
  }

  /** Stores an embedding, normalised, for a chunk that still exists. */
  setVector(id: string, vector: Float32Array): void {
    if (!this.texts.has(id)) return;
    this.vectors.set(id, normalise(vector));
  }

  clearVectors(): void {
    this.vectors.clear();
  }

  /** BM25 over names and text: any of the query's words may match; more and rarer matches rank higher. */
  searchText(query: string, limit: number, skip: ReadonlySet<string> = NONE): Ranked[] {
    const match = anyWordQuery(query);
    if (!match) return [];
    // Left out in SQL, before the LIMIT: the chunks of skipped items never take the places of others.
    const rows = this.fts.db
      .prepare(
        `SELECT id, bm25(chunks, 0, 0, 2.0, 1.0) AS rank FROM chunks WHERE chunks MATCH ?
          AND item NOT IN (SELECT value FROM json_each(?)) ORDER BY rank LIMIT ?`,
      )
      .all(match, JSON.stringify([...skip]), limit) as { id: string; rank: number }[];
    // FTS5's bm25() is lower-is-better; flip it so every ranking here is higher-is-better.
    return rows.map((r) => ({ id: r.id, score: -r.rank }));
  }

  /** Cosine similarity of the query embedding with every embedded chunk of the same dimension. */
  searchVector(query: Float32Array, limit: number, skip: ReadonlySet<string> = NONE): Ranked[] {
    const q = normalise(query);
    const out: Ranked[] = [];
    for (const [id, v] of this.vectors) {
      const itemId = this.texts.get(id)?.itemId;
      if (v.length !== q.length || itemId === undefined || skip.has(itemId)) continue;
      let dot = 0;
      for (let i = 0; i < v.length; i++) dot += (v[i] ?? 0) * (q[i] ?? 0);
      out.push({ id, score: dot });
    }
    return out.sort((a, b) => b.score - a.score).slice(0, limit);
  }

  close(): void {
    this.fts.close();
    this.texts.clear();
    this.byItem.clear();
    this.vectors.clear();
  }
}

function normalise(v: Float32Array): Float32Array {
  let sum = 0;
  for (const x of v) sum += x * x;
  const n = Math.sqrt(sum);
  if (!Number.isFinite(n) || n === 0) return new Float32Array(v.length);
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = (v[i] ?? 0) / n;
  return out;
}
