import { allWordsQuery, MemoryFts, snippetSql, withoutMarks } from '../store/index.js';

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

/** Full-text search over unlocked items: SQLite FTS5 (BM25) in memory only (store/memory-fts.ts). */
export class SearchIndex {
  private readonly fts = new MemoryFts(
    'search index',
    "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, name, tags, body, tokenize = 'unicode61 remove_diacritics 2')",
  );

  upsert(doc: IndexDoc): void {
    const db = this.fts.db;
    db.transaction(() => {
      db.prepare('DELETE FROM docs WHERE id = ?').run(doc.id);
      db.prepare('INSERT INTO docs (id, name, tags, body) VALUES (?, ?, ?, ?)').run(
        doc.id,
        withoutMarks(doc.name),
        withoutMarks(doc.tags.join(' ')),
        withoutMarks(doc.body),
      );
    })();
  }

  remove(id: string): void {
    this.fts.db.prepare('DELETE FROM docs WHERE id = ?').run(id);
  }

  search(query: string, limit = 20): IndexHit[] {
    const match = allWordsQuery(query);
    if (!match) return [];
    const rows = this.fts.db
      .prepare(
        `SELECT id, ${snippetSql('docs', -1)} AS snippet, bm25(docs, 0, 5.0, 3.0, 1.0) AS score
         FROM docs WHERE docs MATCH ? ORDER BY score LIMIT ?`,
      )
      .all(match, limit) as { id: string; snippet: string; score: number }[];
    return rows.map((r) => ({ id: r.id, snippet: r.snippet, score: -r.score }));
  }

  close(): void {
    this.fts.close();
  }
}
