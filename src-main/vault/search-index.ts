import Database from 'better-sqlite3';
import { MATCH_END, MATCH_START } from '../../src-shared/domain/vault.js';

export interface IndexDoc {
  id: string;
  name: string;
  tags: string[];
  body: string;
}

export interface IndexHit {
  id: string;
  snippet: string;
  score: number;
}

/**
 * Full-text search over unlocked items: SQLite FTS5 (BM25) in a memory-only database, built after
 * unlock and dropped at lock, so the index never touches the disk. temp_store=MEMORY keeps SQLite's
 * sort spills off the disk too.
 */
export class SearchIndex {
  private db: Database.Database | undefined = new Database(':memory:');

  constructor() {
    const db = this.open();
    db.pragma('temp_store = MEMORY');
    db.exec(
      "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, name, tags, body, tokenize = 'unicode61 remove_diacritics 2')",
    );
  }

  upsert(doc: IndexDoc): void {
    const db = this.open();
    db.transaction(() => {
      db.prepare('DELETE FROM docs WHERE id = ?').run(doc.id);
      db.prepare('INSERT INTO docs (id, name, tags, body) VALUES (?, ?, ?, ?)').run(
        doc.id,
        clean(doc.name),
        clean(doc.tags.join(' ')),
        clean(doc.body),
      );
    })();
  }

  remove(id: string): void {
    this.open().prepare('DELETE FROM docs WHERE id = ?').run(id);
  }

  search(query: string, limit = 20): IndexHit[] {
    const match = toMatchQuery(query);
    if (!match) return [];
    const rows = this.open()
      .prepare(
        `SELECT id, snippet(docs, -1, '${MATCH_START}', '${MATCH_END}', '…', 12) AS snippet, bm25(docs, 0, 5.0, 3.0, 1.0) AS score
         FROM docs WHERE docs MATCH ? ORDER BY score LIMIT ?`,
      )
      .all(match, limit) as { id: string; snippet: string; score: number }[];
    return rows.map((r) => ({ id: r.id, snippet: r.snippet, score: -r.score }));
  }

  close(): void {
    this.db?.close();
    this.db = undefined;
  }

  private open(): Database.Database {
    if (!this.db) throw new Error('The search index is closed');
    return this.db;
  }
}

const MARKS = new RegExp(`[${MATCH_START}${MATCH_END}]`, 'g');
function clean(text: string): string {
  return text.replace(MARKS, ' ');
}

/** Turns what a person types into an FTS5 query: every word must match, as a prefix; no operators. */
export function toMatchQuery(input: string): string {
  const words = input.normalize('NFKC').match(/[\p{L}\p{N}_]+/gu) ?? [];
  return words
    .slice(0, 16)
    .map((w) => `"${w.replaceAll('"', '')}"*`)
    .join(' ');
}
