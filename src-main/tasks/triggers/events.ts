import type { EventFilter } from '../../../src-shared/domain/tasks.js';

/**
 * What the chain and the market tell the scheduler, already decoded by them (untrusted text such as a
 * listing's title stays data: it is only matched against, never followed). Amounts in base units.
 */
export type ChainEvent =
  | {
      kind: 'listing';
      at: number;
      assetId: string;
      title: string;
      tags: readonly string[];
      price: string;
      token: string;
    }
  /** A licence of my asset was bought (the deliverer's sale; its price is not part of what it sees). */
  | { kind: 'purchase'; at: number; assetId: string; price?: string; token?: string }
  /** A new reading of my balance or earnings in `token`; `previous` the reading before (null: none). */
  | {
      kind: 'amount';
      at: number;
      what: 'balance' | 'earnings';
      token: string;
      amount: string;
      previous: string | null;
    };

/**
 * The port event triggers listen on: ChainWatch (chain-watch.ts) over the market and the chain in an
 * owner that stays up. Event tasks have no next_due: only an event queues their runs.
 */
export interface ChainEventSource {
  /** Calls `listener` for each event from now on; the returned function stops it. */
  subscribe(listener: (event: ChainEvent) => void): () => void;
}

const words = (s: string): string[] =>
  s
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/** Whether an event wakes a task with this filter. A threshold matches only as it is crossed upwards. */
export function matchesEvent(filter: EventFilter, e: ChainEvent): boolean {
  switch (filter.kind) {
    case 'listing': {
      if (e.kind !== 'listing') return false;
      if (filter.token !== undefined && filter.token.toLowerCase() !== e.token.toLowerCase()) return false;
      if (filter.maxPrice !== undefined && BigInt(e.price) > BigInt(filter.maxPrice)) return false;
      const have = new Set([...words(e.title), ...e.tags.flatMap(words)]);
      return filter.words.every((w) => words(w).every((x) => have.has(x)));
    }
    case 'purchase':
      return e.kind === 'purchase' && (filter.assetId === undefined || filter.assetId === e.assetId);
    case 'threshold': {
      if (e.kind !== 'amount' || e.what !== filter.what) return false;
      if (filter.token.toLowerCase() !== e.token.toLowerCase()) return false;
      const at = BigInt(filter.atLeast);
      return BigInt(e.amount) >= at && (e.previous === null || BigInt(e.previous) < at);
    }
  }
}
