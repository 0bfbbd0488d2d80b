import {
  type Address,
  BlockNotFoundError,
  decodeEventLog,
  getAddress,
  type Hex,
  type Log,
  type PublicClient,
  toEventSelector,
} from 'viem';
import type { CachedEvent, ChainCacheRepo } from '../../store/index.js';
import type { ActiveNetwork, ActiveNetworkSource } from '../tx/ports.js';
import { clientFor } from '../tx/rpc.js';
import { MARKET_EVENTS, REGISTRY_EVENTS } from './abi.js';

export interface CacheSyncOptions {
  repo: ChainCacheRepo;
  network: ActiveNetworkSource;
  /** The first block worth reading (the contracts' deployment); 0 reads from genesis. */
  startBlock?: number;
  /** Blocks per getLogs request, and per SQLite transaction. */
  batchBlocks?: number;
}

export interface SyncResult {
  scope: string;
  syncedTo: number;
  events: number;
  /** Set when a reorg was found: the common ancestor the cache rolled back to. */
  rolledBackTo?: number;
}

/** Raised for an answer that cannot be right; nothing of the range it belongs to is stored. */
export class BadChainData extends Error {
  override readonly name = 'BadChainData';
}

const TOPICS = new Map(
  [...MARKET_EVENTS, ...REGISTRY_EVENTS].map((e) => [toEventSelector(e), e.name] as const),
);

export function cacheScope(network: ActiveNetwork): string {
  const c = network.contracts;
  return `${network.chainId}:${c.marketplace}:${c.assetRegistry}`.toLowerCase();
}

/**
 * Syncs marketplace and registry events into SQLite, block range by block range. Each range is
 * applied in one transaction together with the hashes of its blocks, so an outage or a bad answer
 * leaves the cache at the previous range. Before a range, the block below it must still have the
 * hash stored for it (its child's parent hash); if not, a reorg happened: the cache rolls back to the
 * highest stored block the chain still agrees with and reads forward again.
 */
export class CacheSync {
  private running: Promise<SyncResult> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly o: CacheSyncOptions) {}

  /** Brings the cache up to the chain's head (single-flight: concurrent callers share one run). */
  sync(): Promise<SyncResult> {
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Follows new blocks by polling; failures (outages) are retried on the next tick. */
  follow(intervalMs: number, onError: (err: unknown) => void = () => {}): void {
    if (this.timer) return;
    const tick = () => {
      this.timer = setTimeout(() => {
        this.sync()
          .catch(onError)
          .finally(() => {
            if (this.timer) tick();
          });
      }, intervalMs);
      this.timer.unref();
    };
    tick();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async run(): Promise<SyncResult> {
    const network = await this.o.network();
    const client = clientFor(network);
    const scope = cacheScope(network);
    const repo = this.o.repo;
    const cursor = repo.cursor(scope) ?? repo.init(scope, this.o.startBlock ?? 0);
    const addresses = [network.contracts.marketplace, network.contracts.assetRegistry].map((a) =>
      getAddress(a),
    );
    const head = Number(await client.getBlockNumber());
    if (!Number.isSafeInteger(head) || head < 0) throw new BadChainData('implausible block number');
    const result: SyncResult = { scope, syncedTo: cursor.syncedTo, events: 0 };
    const batch = this.o.batchBlocks ?? 2_000;
    let from = cursor.syncedTo + 1;
    for (;;) {
      const mismatch = await this.parentMismatch(client, scope, from - 1);
      if (mismatch) {
        const ancestor = await this.commonAncestor(client, scope, cursor.startBlock);
        repo.rollback(scope, ancestor);
        result.rolledBackTo = ancestor;
        result.syncedTo = ancestor;
        from = ancestor + 1;
        continue;
      }
      if (from > head) break;
      const to = Math.min(from + batch - 1, head);
      const range = await this.readRange(client, addresses, from, to);
      repo.apply(scope, range);
      result.events += range.events.length;
      result.syncedTo = to;
      from = to + 1;
    }
    return result;
  }

  /** Whether the stored hash of block `number` no longer matches the chain's (or the block is gone). */
  private async parentMismatch(client: PublicClient, scope: string, number: number): Promise<boolean> {
    const stored = this.o.repo.blocksAtOrBelow(scope, number, 1)[0];
    if (!stored || stored.number !== number) return false;
    return (await blockHash(client, number)) !== stored.hash;
  }

  private async commonAncestor(client: PublicClient, scope: string, startBlock: number): Promise<number> {
    let below = Number.MAX_SAFE_INTEGER;
    for (;;) {
      const stored = this.o.repo.blocksAtOrBelow(scope, below, 64);
      if (stored.length === 0) return startBlock - 1;
      for (const b of stored) {
        if ((await blockHash(client, b.number)) === b.hash) return b.number;
      }
      below = stored[stored.length - 1]!.number - 1;
    }
  }

  private async readRange(
    client: PublicClient,
    addresses: Address[],
    from: number,
    to: number,
  ): Promise<{ to: number; events: CachedEvent[]; blocks: Map<number, string> }> {
    const tipHash = await blockHash(client, to);
    if (!tipHash) throw new BadChainData(`block ${to} is missing`);
    const logs = await client.getLogs({ address: addresses, fromBlock: BigInt(from), toBlock: BigInt(to) });
    if (!Array.isArray(logs)) throw new BadChainData('getLogs did not return a list');
    const blocks = new Map<number, string>([[to, tipHash]]);
    const events: CachedEvent[] = [];
    for (const log of logs) {
      const event = decode(log, addresses, from, to);
      if (!event) continue;
      const known = blocks.get(event.blockNumber);
      if (known !== undefined && known !== log.blockHash) throw new BadChainData('logs from two forks');
      blocks.set(event.blockNumber, log.blockHash as string);
      events.push(event);
    }
    return { to, events, blocks };
  }
}

async function blockHash(client: PublicClient, number: number): Promise<string | undefined> {
  try {
    const block = await client.getBlock({ blockNumber: BigInt(number) });
    const hash = block.hash;
    if (!hash || !/^0x[0-9a-f]{64}$/.test(hash)) throw new BadChainData(`block ${number} has no valid hash`);
    return hash;
  } catch (err) {
    if (err instanceof BlockNotFoundError) return undefined;
    throw err;
  }
}

/** One raw log checked and decoded; undefined for events the cache does not keep. */
function decode(log: Log, addresses: Address[], from: number, to: number): CachedEvent | undefined {
  const topic = log.topics[0];
  const name = topic ? TOPICS.get(topic) : undefined;
  if (!name) return undefined;
  const blockNumber = Number(log.blockNumber);
  const address = getAddress(log.address);
  if (
    !addresses.includes(address) ||
    !Number.isSafeInteger(blockNumber) ||
    blockNumber < from ||
    blockNumber > to ||
    !Number.isSafeInteger(log.logIndex) ||
    !/^0x[0-9a-f]{64}$/.test(String(log.blockHash)) ||
    !/^0x[0-9a-f]{64}$/.test(String(log.transactionHash))
  ) {
    throw new BadChainData('a log outside the range asked for, or malformed');
  }
  const abi = address === addresses[0] ? MARKET_EVENTS : REGISTRY_EVENTS;
  let args: unknown;
  try {
    ({ args } = decodeEventLog({ abi, data: log.data, topics: log.topics as [Hex, ...Hex[]], strict: true }));
  } catch {
    throw new BadChainData(`a ${name} log that does not decode`);
  }
  return {
    blockNumber,
    logIndex: Number(log.logIndex),
    txHash: log.transactionHash as string,
    contract: address,
    name,
    args: JSON.stringify(args, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)),
  };
}
