import { AccountBalances } from '../../src-shared/domain/tx.js';
import type { Db } from './database.js';

export interface StoredBalances {
  accounts: AccountBalances[];
  /** The oldest block among the addresses' readings. */
  block: number;
  /** When the oldest of them was read (ISO 8601). */
  at: string;
}

/** The last balances read per network and address; rows that no longer parse count as missing. */
export class BalancesRepo {
  constructor(private readonly db: Db) {}

  save(
    scope: string,
    accounts: readonly AccountBalances[],
    block: number,
    at = new Date().toISOString(),
  ): void {
    const put = this.db.prepare(
      'INSERT OR REPLACE INTO balances (scope, address, json, block, at) VALUES (?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      for (const a of accounts) put.run(scope, a.address.toLowerCase(), JSON.stringify(a), block, at);
    })();
  }

  /** Every address's last reading, or undefined when any of them has none. */
  load(scope: string, addresses: readonly string[]): StoredBalances | undefined {
    const get = this.db.prepare<[string, string], { json: string; block: number; at: string }>(
      'SELECT json, block, at FROM balances WHERE scope = ? AND address = ?',
    );
    const rows = addresses.map((a) => get.get(scope, a.toLowerCase()));
    if (rows.some((r) => r === undefined)) return undefined;
    const accounts: AccountBalances[] = [];
    for (const row of rows as { json: string; block: number; at: string }[]) {
      const parsed = AccountBalances.safeParse(safeJson(row.json));
      if (!parsed.success) return undefined;
      accounts.push(parsed.data);
    }
    const oldest = (rows as { block: number; at: string }[]).reduce((a, b) => (b.block < a.block ? b : a));
    return { accounts, block: oldest.block, at: oldest.at };
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
