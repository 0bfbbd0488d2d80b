import type { Db } from './database.js';

export type TxStatusValue = 'pending' | 'confirmed' | 'failed' | 'replaced' | 'dropped';
export type TxKindValue = 'send' | 'call' | 'speed-up' | 'cancel';

/** One signed transaction as stored. Amounts and gas figures are decimal strings of integers. */
export interface TxRow {
  hash: string;
  chainId: number;
  from: string;
  nonce: number;
  to: string | null;
  value: string;
  data: string;
  raw: string;
  gasLimit: string;
  maxFeePerGas: string;
  maxPriorityFeePerGas: string;
  kind: TxKindValue;
  /** JSON of what the transaction does, as reviewed. */
  effects: string;
  status: TxStatusValue;
  replaces: string | null;
  blockNumber: number | null;
  fee: string | null;
  createdAt: number;
  updatedAt: number;
}

const COLUMNS = `hash, chain_id AS chainId, from_addr AS "from", nonce, to_addr AS "to", value, data, raw,
  gas_limit AS gasLimit, max_fee_per_gas AS maxFeePerGas, max_priority_fee_per_gas AS maxPriorityFeePerGas,
  kind, effects, status, replaces, block_number AS blockNumber, fee, created_at AS createdAt,
  updated_at AS updatedAt`;

/** Every transaction Sahel signed. A row is written before its transaction is broadcast. */
export class TxRepo {
  constructor(private readonly db: Db) {}

  insert(row: TxRow): void {
    this.db
      .prepare(
        `INSERT INTO chain_txs (hash, chain_id, from_addr, nonce, to_addr, value, data, raw, gas_limit,
          max_fee_per_gas, max_priority_fee_per_gas, kind, effects, status, replaces, block_number, fee,
          created_at, updated_at)
         VALUES (@hash, @chainId, @from, @nonce, @to, @value, @data, @raw, @gasLimit, @maxFeePerGas,
          @maxPriorityFeePerGas, @kind, @effects, @status, @replaces, @blockNumber, @fee, @createdAt, @updatedAt)`,
      )
      .run(row);
  }

  get(hash: string): TxRow | undefined {
    return this.db.prepare(`SELECT ${COLUMNS} FROM chain_txs WHERE hash = ?`).get(hash) as TxRow | undefined;
  }

  /** The highest nonce of a still-pending transaction from `from`, or undefined. */
  maxPendingNonce(chainId: number, from: string): number | undefined {
    const row = this.db
      .prepare(
        `SELECT max(nonce) AS n FROM chain_txs WHERE chain_id = ? AND from_addr = ? AND status = 'pending'`,
      )
      .get(chainId, from) as { n: number | null };
    return row.n ?? undefined;
  }

  pending(chainId?: number): TxRow[] {
    const where = chainId === undefined ? '' : 'AND chain_id = ?';
    const args = chainId === undefined ? [] : [chainId];
    return this.db
      .prepare(
        `SELECT ${COLUMNS} FROM chain_txs WHERE status = 'pending' ${where} ORDER BY nonce, created_at`,
      )
      .all(...args) as TxRow[];
  }

  /** Every transaction sharing an account's nonce: the original and its replacements. */
  sameNonce(chainId: number, from: string, nonce: number): TxRow[] {
    return this.db
      .prepare(
        `SELECT ${COLUMNS} FROM chain_txs WHERE chain_id = ? AND from_addr = ? AND nonce = ? ORDER BY created_at`,
      )
      .all(chainId, from, nonce) as TxRow[];
  }

  /** Confirmed and failed transactions of a chain, the latest block first (for reconciling after a rollback). */
  settledNewestFirst(chainId: number, limit: number): TxRow[] {
    return this.db
      .prepare(
        `SELECT ${COLUMNS} FROM chain_txs WHERE chain_id = ? AND status IN ('confirmed', 'failed')
         ORDER BY block_number DESC, nonce DESC LIMIT ?`,
      )
      .all(chainId, limit) as TxRow[];
  }

  history(chainId: number, addresses: readonly string[], limit: number): TxRow[] {
    if (addresses.length === 0) return [];
    const marks = addresses.map(() => '?').join(', ');
    return this.db
      .prepare(
        `SELECT ${COLUMNS} FROM chain_txs WHERE chain_id = ? AND from_addr IN (${marks})
         ORDER BY created_at DESC, nonce DESC LIMIT ?`,
      )
      .all(chainId, ...addresses, limit) as TxRow[];
  }

  /** Settles one transaction; the others at its nonce (if `mined`) become replaced, in one transaction. */
  settle(
    hash: string,
    outcome: { status: TxStatusValue; blockNumber?: number | null; fee?: string | null },
    now: number,
  ): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `UPDATE chain_txs SET status = @status, block_number = @blockNumber, fee = @fee, updated_at = @now
           WHERE hash = @hash`,
        )
        .run({
          hash,
          status: outcome.status,
          blockNumber: outcome.blockNumber ?? null,
          fee: outcome.fee ?? null,
          now,
        });
      if (outcome.status === 'confirmed' || outcome.status === 'failed') {
        const row = this.get(hash);
        if (row) {
          this.db
            .prepare(
              `UPDATE chain_txs SET status = 'replaced', updated_at = ? WHERE chain_id = ? AND from_addr = ?
               AND nonce = ? AND hash <> ? AND status = 'pending'`,
            )
            .run(now, row.chainId, row.from, row.nonce, hash);
        }
      }
    })();
  }
}
