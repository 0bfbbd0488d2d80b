// What the agent's tools need of the services below them, as narrow structural ports: core.ts hands in
// the real ones (adapters.ts builds them from the vault, market, pipeline and memories), tests the same
// or doubles. A tool sees only these, so what it can reach is exactly what is listed here.

import type { AssetKind } from '../../../src-shared/domain/asset-metadata.js';
import type { Memory } from '../../../src-shared/domain/chat.js';
import type { AssetPage, MarketListing, MarketSort } from '../../../src-shared/domain/market.js';
import type { BuyInput, BuyPlan, BuyResult } from '../../../src-shared/domain/market-buy.js';
import type {
  PublishPlan,
  PublishRequest,
  PublishResult,
} from '../../../src-shared/domain/market-publish.js';
import type { AccountBalances, TxReview } from '../../../src-shared/domain/tx.js';
import type { VaultItem, VaultPreview, VaultSearchHit } from '../../../src-shared/domain/vault.js';

/**
 * Who signs an agent's action, as the pipeline's guard sees it: the agent under an action its policy
 * allowed, or an agent action the user approved. Never 'user': the gate sets it (signing.ts), not a tool.
 */
export type ActOrigin = 'agent' | 'approved';

export interface VaultPort {
  search(query: string, limit: number): Promise<VaultSearchHit[]>;
  /** The item and the start of its content (secrets and folders have none to show). */
  read(itemId: string, maxBytes: number): Promise<{ item: VaultItem; preview: VaultPreview }>;
}

export interface MarketQuery {
  text?: string | undefined;
  kind?: AssetKind | undefined;
  maxPrice?: string | undefined;
  sort: MarketSort;
  limit: number;
}

export interface MarketPort {
  search(q: MarketQuery): Promise<{ listings: MarketListing[]; total: number }>;
  show(assetId: string): Promise<AssetPage>;
}

/** The market's buyer: plan (simulated, with the exact approval), then confirm as `origin` (set by the gate). */
export interface BuyPort {
  plan(input: BuyInput): Promise<BuyPlan>;
  confirm(planId: string, origin: ActOrigin): Promise<BuyResult>;
}

/** The market's publisher: plan (ciphertext, metadata, simulated steps), then confirm as `origin`. */
export interface PublishPort {
  plan(request: PublishRequest): Promise<PublishPlan>;
  confirm(planId: string, origin: ActOrigin): Promise<PublishResult>;
  /** Forgets a plan that will not run, with the version it prepared if nothing else uses it. */
  discard(planId: string): void;
}

export interface TransferArgs {
  to: string;
  /** Whole units of the token, as people write them. */
  amount: string;
  /** A symbol or an address; absent: the native coin. */
  token?: string | undefined;
}

export interface WalletPort {
  /** `stale`: the RPC did not answer, these are the last balances read. */
  balances(): Promise<{ accounts: AccountBalances[]; stale: boolean }>;
  /** A transfer from the wallet's first account, simulated by the pipeline. */
  prepareTransfer(args: TransferArgs): Promise<TxReview>;
  /** Signs and sends a prepared review (the pipeline's guard decides) and waits until it is mined; its hash. */
  confirm(reviewId: string, origin: ActOrigin): Promise<string>;
}

export interface MemoryPort {
  list(): Memory[];
  add(text: string, conversationId: string | null): Memory;
}

/** One task as tasks_list shows it to the model. */
export interface TaskLine {
  id: string;
  name: string;
  kind: string;
  state: 'active' | 'paused';
  nextDue: number | null;
}

/**
 * The scheduled tasks, as the agent may see and propose them (the tasks layer implements it; core.ts
 * hands it in). The agent never makes an active task: what it schedules is added paused.
 */
export interface TasksPort {
  list(): TaskLine[];
  /** How `when` reads ("every 15m", "cron 0 8 * * * (Europe/Berlin)"); BAD_INPUT saying how to write it. */
  readWhen(when: string): string;
  /** Adds an agent-prompt task, paused, with no tools and no budget: the user reviews and resumes it. */
  addPaused(task: string, when: string): { id: string };
}

/** Everything the tools reach. */
export interface ToolPorts {
  vault: VaultPort;
  market: MarketPort;
  buyer: BuyPort;
  publisher: PublishPort;
  wallet: WalletPort;
  memories: MemoryPort;
  /** Absent where tasks are not built in (tests of other tools): the task tools say so. */
  tasks?: TasksPort;
  /** The network's configured marketplace, which summaries name as such (null: none configured). */
  marketplace?: () => Promise<string | null>;
  /** Now, in epoch ms (reviews and plans expire). */
  now?: () => number;
}

/** A signing port as the act tools see it: `confirm` takes no origin, the gate's open grant sets it. */
export type Gated<P extends { confirm(id: string, origin: ActOrigin): Promise<unknown> }> = Omit<
  P,
  'confirm'
> & { confirm(id: string): ReturnType<P['confirm']> };

/** What the act tools reach: the ports, with those that sign gated (signing.ts builds them). */
export type ActPorts = Omit<ToolPorts, 'buyer' | 'publisher' | 'wallet'> & {
  buyer: Gated<BuyPort>;
  publisher: Gated<PublishPort>;
  wallet: Gated<WalletPort>;
};
