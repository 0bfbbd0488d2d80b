import Database from 'better-sqlite3';
import { MATCH_END, MATCH_START } from '../../src-shared/domain/vault.js';

/**
 * An SQLite database that lives only in memory, for the FTS5 indexes of the vault, chat search and
 * retrieval: built after unlock and dropped at lock, so no index ever touches the disk readable.
 * temp_store=MEMORY keeps SQLite's sort spills off the disk too.
 */
export class MemoryFts {
  private handle: Database.Database | undefined;

  /**
   * `schema` runs on a fresh database; `from` (a `serialize()` buffer) restores one instead, and the
   * caller wipes it. `what` names the index in the error a closed one throws.
   */
  constructor(
    private readonly what: string,
    schema: string,
    from?: Buffer,
  ) {
    const db = from ? new Database(from) : new Database(':memory:');
    db.pragma('temp_store = MEMORY');
    if (!from) db.exec(schema);
    this.handle = db;
  }

  /** The open database; throws once `close()` has run (the vault was locked). */
  get db(): Database.Database {
    if (!this.handle) throw new Error(`The ${this.what} is closed`);
    return this.handle;
  }

  /** The whole database as one buffer (plaintext: only ever sealed before it leaves memory). */
  serialize(): Buffer {
    return this.db.serialize();
  }

  close(): void {
    this.handle?.close();
    this.handle = undefined;
  }
}

/** The words of what a person typed: letters, digits and `_` only, so no FTS5 syntax survives. */
function queryWords(input: string): string[] {
  return input.normalize('NFKC').match(/[\p{L}\p{N}_]+/gu) ?? [];
}

/** An FTS5 query in which every word (up to 16) must match, as a prefix; no operators. */
export function allWordsQuery(input: string): string {
  return queryWords(input)
    .slice(0, 16)
    .map((w) => `"${w}"*`)
    .join(' ');
}

/** An FTS5 OR query of the distinct words (up to 32), each quoted: more and rarer matches rank higher. */
export function anyWordQuery(input: string): string {
  const unique = [...new Set(queryWords(input).map((w) => w.toLowerCase()))].slice(0, 32);
  return unique.map((w) => `"${w}"`).join(' OR ');
}

const MARKS = new RegExp(`[${MATCH_START}${MATCH_END}]`, 'g');

/** Indexed text without the snippet marks, so a highlighted snippet can't be forged by the text. */
export function withoutMarks(text: string): string {
  return text.replace(MARKS, ' ');
}

/** The SQL of an FTS5 snippet of `column` with the marks the UI highlights between. */
export function snippetSql(table: string, column: number): string {
  return `snippet(${table}, ${column}, '${MATCH_START}', '${MATCH_END}', '…', 12)`;
}
