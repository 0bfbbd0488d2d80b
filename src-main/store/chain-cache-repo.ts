import type { Db } from './database.js';

/** One decoded contract log, its arguments as JSON (bigints as decimal strings). */
export interface CachedEvent {
  blockNumber: number;
  logIndex: number;
  txHash: string;
  contract: string;
  name: string;
  args: string;
}

export interface CacheCursor {
  startBlock: number;
  /** Every block up to and including this one is in the cache (start_block - 1: nothing yet). */
  syncedTo: number;
}

/** A block range read from the chain, applied all at once or not at all. */
export interface SyncedRange {
  to: number;
  events: readonly CachedEvent[];
  /** Hashes of the range's tip and of every block that held an event. */
  blocks: ReadonlyMap<number, string>;
}

/**
 * The chain read cache (see migration 0005). A scope names one chain and contract set, so switching
 * networks never mixes their events.
 */
export class ChainCacheRepo {
  constructor(private readonly db: Db) {}

  cursor(scope: string): CacheCursor | undefined {
    return this.db
      .prepare(
        'SELECT start_block AS startBlock, synced_to AS syncedTo FROM chain_cache_cursor WHERE scope = ?',
      )
      .get(scope) as CacheCursor | undefined;
  }

  init(scope: string, startBlock: number): CacheCursor {
    this.db
      .prepare('INSERT OR IGNORE INTO chain_cache_cursor (scope, start_block, synced_to) VALUES (?, ?, ?)')
      .run(scope, startBlock, startBlock - 1);
    return this.cursor(scope)!;
  }

  /** Stored block hashes at or below `number`, highest first: candidates for the common ancestor. */
  blocksAtOrBelow(scope: string, number: number, limit = 64): { number: number; hash: string }[] {
    return this.db
      .prepare(
        'SELECT number, hash FROM chain_cache_blocks WHERE scope = ? AND number <= ? ORDER BY number DESC LIMIT ?',
      )
      .all(scope, number, limit) as { number: number; hash: string }[];
  }

  apply(scope: string, range: SyncedRange): void {
    const insertEvent = this.db.prepare(
      `INSERT INTO chain_cache_events (scope, block_number, log_index, tx_hash, contract, name, args)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertBlock = this.db.prepare(
      'INSERT OR REPLACE INTO chain_cache_blocks (scope, number, hash) VALUES (?, ?, ?)',
    );
    this.db.transaction(() => {
      for (const e of range.events) {
        insertEvent.run(scope, e.blockNumber, e.logIndex, e.txHash, e.contract, e.name, e.args);
      }
      for (const [number, hash] of range.blocks) insertBlock.run(scope, number, hash);
      this.db.prepare('UPDATE chain_cache_cursor SET synced_to = ? WHERE scope = ?').run(range.to, scope);
    })();
  }

  /** Forgets everything above `ancestor` (a reorg), in one transaction. */
  rollback(scope: string, ancestor: number): void {
    this.db.transaction(() => {
      this.db
        .prepare('DELETE FROM chain_cache_events WHERE scope = ? AND block_number > ?')
        .run(scope, ancestor);
      this.db.prepare('DELETE FROM chain_cache_blocks WHERE scope = ? AND number > ?').run(scope, ancestor);
      this.db
        .prepare('UPDATE chain_cache_cursor SET synced_to = min(synced_to, ?) WHERE scope = ?')
        .run(ancestor, scope);
    })();
  }

  events(scope: string, names: readonly string[]): CachedEvent[] {
    const marks = names.map(() => '?').join(', ');
    return this.db
      .prepare(
        `SELECT block_number AS blockNumber, log_index AS logIndex, tx_hash AS txHash, contract, name, args
         FROM chain_cache_events WHERE scope = ? AND name IN (${marks}) ORDER BY block_number, log_index`,
      )
      .all(scope, ...names) as CachedEvent[];
  }

  count(scope: string): number {
    return (
      this.db.prepare('SELECT count(*) AS n FROM chain_cache_events WHERE scope = ?').get(scope) as {
        n: number;
      }
    ).n;
  }
}
