import type { Db } from './database.js';

/** One audit row as stored: order, the chain's hashes and the sealed body the store never reads. */
export interface AuditRow {
  seq: number;
  id: string;
  body: Buffer;
  hash: string;
  prevHash: string;
}

const COLUMNS = 'seq, id, body, hash, prev_hash AS prevHash';

/**
 * The agent's audit log (migration 0013): rows are appended, never updated or deleted — this class has
 * no method that could. Sealing and hashing happen above (src-main/agent/audit).
 */
export class AgentAuditRepo {
  constructor(private readonly db: Db) {}

  /**
   * Appends the row `build` makes from the next seq and the hash it chains from, in one transaction:
   * the next seq follows the last ever written (sqlite_sequence), so a removed tail is not reused.
   */
  append(build: (seq: number, prevHash: string) => Omit<AuditRow, 'seq' | 'prevHash'>): AuditRow {
    return this.db.transaction(() => {
      const seq = this.lastWritten() + 1;
      const last = this.db.prepare('SELECT hash FROM agent_audit ORDER BY seq DESC LIMIT 1').get() as
        | { hash: string }
        | undefined;
      const prevHash = last?.hash ?? GENESIS;
      const row = { ...build(seq, prevHash), seq, prevHash };
      this.db
        .prepare('INSERT INTO agent_audit (seq, id, body, hash, prev_hash) VALUES (?, ?, ?, ?, ?)')
        .run(row.seq, row.id, row.body, row.hash, row.prevHash);
      return row;
    })();
  }

  /** The highest seq ever written (0 for none), even if rows were removed since. */
  lastWritten(): number {
    const row = this.db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'agent_audit'").get() as
      | { seq: number }
      | undefined;
    return row?.seq ?? 0;
  }

  /** Newest first, strictly before `beforeSeq`. */
  page(beforeSeq: number | null, limit: number): AuditRow[] {
    return this.db
      .prepare(`SELECT ${COLUMNS} FROM agent_audit WHERE seq < ? ORDER BY seq DESC LIMIT ?`)
      .all(beforeSeq ?? Number.MAX_SAFE_INTEGER, limit) as AuditRow[];
  }

  /** Every row in seq order, in batches (verifying without holding the whole log). */
  *all(batch = 1000): Generator<AuditRow> {
    const stmt = this.db.prepare(`SELECT ${COLUMNS} FROM agent_audit WHERE seq > ? ORDER BY seq LIMIT ?`);
    let after = 0;
    for (;;) {
      const rows = stmt.all(after, batch) as AuditRow[];
      yield* rows;
      if (rows.length < batch) return;
      after = rows[rows.length - 1]?.seq ?? after;
    }
  }
}

/** The hash the first entry chains from. */
export const GENESIS = '0'.repeat(64);
