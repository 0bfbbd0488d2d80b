import {
  type Hex,
  type PublicClient,
  TransactionNotFoundError,
  type TransactionReceipt,
  TransactionReceiptNotFoundError,
} from 'viem';
import type { TxRecord } from '../../../src-shared/domain/tx.js';
import { SahelError } from '../../../src-shared/errors.js';
import type { TxRepo, TxRow } from '../../store/index.js';
import type { ActiveNetworkSource } from './ports.js';
import { toRecord } from './records.js';
import { clientFor, isOutage } from './rpc.js';

export interface TrackerOptions {
  repo: TxRepo;
  network: ActiveNetworkSource;
  onUpdate: (tx: TxRecord) => void;
  now: () => number;
  pollMs: number;
}

/**
 * Follows every pending transaction of the active network to its end. Each pass, per account nonce:
 * a receipt settles it (confirmed or failed; its siblings become replaced); a nonce used by a
 * transaction not ours marks ours dropped; a transaction the node does not know is broadcast again
 * from its stored raw bytes (after a restart, an outage or a node that lost its mempool). An RPC
 * outage ends the pass and leaves everything pending for the next one.
 */
export class TxTracker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private readonly waiters = new Map<string, Set<(tx: TxRecord) => void>>();
  /** Whether the last pass found the RPC unreachable. */
  private unreachable = false;

  constructor(private readonly o: TrackerOptions) {}

  start(): void {
    if (this.timer) return;
    const tick = () => {
      this.timer = setTimeout(() => {
        void this.poll().finally(() => {
          if (this.timer) tick();
        });
      }, this.o.pollMs);
      this.timer.unref();
    };
    tick();
    void this.poll();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.again = false;
  }

  /** One pass now (or right after the one running). Never throws. */
  poll(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.pass()
      .catch(() => {})
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          void this.poll();
        }
      });
    return this.running;
  }

  /**
   * Resolves when `hash` is settled (confirmed, failed, replaced or dropped). While someone waits, the
   * tracker asks soon and then less often (10 ms doubling up to the poll interval): a local chain
   * mines in milliseconds, a public one in seconds. With `untilOutage`, a pass that finds the RPC
   * unreachable ends the wait with UNAVAILABLE (the transaction stays pending and is followed as
   * before): a background caller then moves on instead of being held for the whole outage.
   */
  waitFor(hash: string, timeoutMs = 60_000, opts: { untilOutage?: boolean } = {}): Promise<TxRecord> {
    const row = this.o.repo.get(hash);
    if (!row) return Promise.reject(new Error(`unknown transaction ${hash}`));
    if (row.status !== 'pending') return Promise.resolve(toRecord(row));
    return new Promise((resolve, reject) => {
      const set = this.waiters.get(hash) ?? new Set();
      this.waiters.set(hash, set);
      let delay = 10;
      let kick: NodeJS.Timeout | undefined;
      let over = false;
      const end = () => {
        over = true;
        clearTimeout(timer);
        clearTimeout(kick);
        set.delete(done);
      };
      const again = () => {
        const polled = this.poll();
        if (opts.untilOutage) {
          void polled.then(() => {
            if (over || !this.unreachable) return;
            end();
            reject(new SahelError('UNAVAILABLE', 'The chain RPC does not answer; try again later'));
          });
        }
        kick = setTimeout(again, delay);
        delay = Math.min(delay * 2, this.o.pollMs);
      };
      const timer = setTimeout(() => {
        end();
        reject(new Error(`transaction ${hash} still pending after ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (tx: TxRecord) => {
        end();
        resolve(tx);
      };
      set.add(done);
      again();
    });
  }

  /**
   * After the chain lost blocks (the devnet restarted from a state saved before them, a reorg), the
   * history can show as confirmed a transaction the chain no longer knows, and its nonce is free
   * again. Walks the settled rows from the latest block back until one the chain still has (lost
   * blocks are always the latest ones) and reopens each lost one as pending: the next pass sends its
   * stored signed bytes again, or marks it dropped if another transaction has taken its nonce since.
   * Re-broadcasting rather than marking them dropped: the user confirmed them, the signature is still
   * valid, and the history then becomes true again instead of asking the user to redo sends they
   * believe done. Returns how many were reopened; an outage ends it early (the next call continues).
   */
  async reconcile(limit = 200): Promise<number> {
    let reopened = 0;
    try {
      const network = await this.o.network();
      const client = clientFor(network);
      for (const row of this.o.repo.settledNewestFirst(network.chainId, limit)) {
        const receipt = await client
          .getTransactionReceipt({ hash: row.hash as Hex })
          .catch((err: unknown) => {
            if (err instanceof TransactionReceiptNotFoundError) return null;
            throw err;
          });
        if (receipt) break;
        this.settle(row.hash, { status: 'pending' });
        reopened += 1;
      }
    } catch {
      // Unreachable or restarting: what was reopened stays so; the rest waits for the next reconcile.
    }
    if (reopened > 0) await this.poll();
    return reopened;
  }

  /** Tells listeners and waiters about a row that changed. */
  announce(hash: string): void {
    const row = this.o.repo.get(hash);
    if (!row) return;
    const record = toRecord(row);
    this.o.onUpdate(record);
    if (record.status === 'pending') return;
    const set = this.waiters.get(hash);
    this.waiters.delete(hash);
    for (const w of set ?? []) w(record);
  }

  private async pass(): Promise<void> {
    // Only a pass that asked the RPC and got no answer says it is unreachable.
    this.unreachable = false;
    // Nothing pending: no question to the network (which would start an idle devnet).
    if (this.o.repo.pending().length === 0) return;
    const network = await this.o.network();
    const client = clientFor(network);
    const groups = new Map<string, TxRow[]>();
    for (const row of this.o.repo.pending(network.chainId)) {
      const key = `${row.from}:${row.nonce}`;
      groups.set(key, [...(groups.get(key) ?? []), row]);
    }
    for (const group of groups.values()) {
      try {
        await this.settleGroup(client, group);
      } catch (err) {
        if (isOutage(err)) {
          this.unreachable = true;
          return;
        }
        // A malformed answer about one transaction must not stop the others; it stays pending.
      }
    }
  }

  private async settleGroup(client: PublicClient, group: TxRow[]): Promise<void> {
    const mined = await this.findMined(client, group);
    if (mined) return this.settleMined(group, mined.row, mined.receipt);
    const { from, nonce } = group[0]!;
    const used = await client.getTransactionCount({ address: from as Hex, blockTag: 'latest' });
    if (used > nonce) {
      // The nonce is taken; one of ours may have been mined between the two questions.
      const late = await this.findMined(client, group);
      if (late) return this.settleMined(group, late.row, late.receipt);
      for (const row of group) this.settle(row.hash, { status: 'dropped' });
      return;
    }
    const newest = group[group.length - 1]!;
    const known = await client.getTransaction({ hash: newest.hash as Hex }).catch((err: unknown) => {
      if (err instanceof TransactionNotFoundError) return null;
      throw err;
    });
    if (!known) {
      await client.sendRawTransaction({ serializedTransaction: newest.raw as Hex }).catch((err: unknown) => {
        if (isOutage(err)) throw err;
        // Refused (already known, underpriced…): the next pass looks again.
      });
    }
  }

  private async findMined(
    client: PublicClient,
    group: TxRow[],
  ): Promise<{ row: TxRow; receipt: TransactionReceipt } | undefined> {
    for (const row of [...group].reverse()) {
      const receipt = await client.getTransactionReceipt({ hash: row.hash as Hex }).catch((err: unknown) => {
        if (err instanceof TransactionReceiptNotFoundError) return null;
        throw err;
      });
      if (receipt && receipt.transactionHash.toLowerCase() === row.hash) return { row, receipt };
    }
    return undefined;
  }

  private settleMined(group: TxRow[], row: TxRow, receipt: TransactionReceipt): void {
    const blockNumber = Number(receipt.blockNumber);
    const fee = receipt.gasUsed * receipt.effectiveGasPrice;
    if (!Number.isSafeInteger(blockNumber) || fee < 0n) throw new Error('implausible receipt');
    const status = receipt.status === 'success' ? 'confirmed' : 'failed';
    this.settle(row.hash, { status, blockNumber, fee: fee.toString() });
    for (const other of group) if (other.hash !== row.hash) this.announce(other.hash);
  }

  private settle(hash: string, outcome: Parameters<TxRepo['settle']>[1]): void {
    this.o.repo.settle(hash, outcome, this.o.now());
    this.announce(hash);
  }
}
