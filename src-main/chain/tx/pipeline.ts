import { randomBytes } from 'node:crypto';
import { type Address, getAddress, type Hex, keccak256, type PublicClient } from 'viem';
import { formatUnits } from '../../../src-shared/domain/amount.js';
import type { TxEffects, TxKind, TxRecord, TxReview } from '../../../src-shared/domain/tx.js';
import { SahelError } from '../../../src-shared/errors.js';
import type { TxRepo } from '../../store/index.js';
import { describeEffects } from './effects.js';
import { NonceAllocator } from './nonces.js';
import type { ActiveNetwork, ActiveNetworkSource, TxGuard, TxOrigin, WalletSigners } from './ports.js';
import { bumpFee, gasLimitFor, rpcText, toRecord } from './records.js';
import { revertText } from './revert-text.js';
import { assertChainId, clientFor, isOutage, rpcCall } from './rpc.js';
import { TxTracker } from './tracker.js';

/** What to send: a plain send (no data) or a contract call. */
export interface TxIntent {
  from: Address;
  to: Address;
  value?: bigint;
  data?: Hex;
}

export interface TxPipelineOptions {
  repo: TxRepo;
  signers: WalletSigners;
  network: ActiveNetworkSource;
  guard: TxGuard;
  onUpdate?: (tx: TxRecord) => void;
  now?: () => number;
  /** How long a review may wait for its confirmation. */
  reviewTtlMs?: number;
  pollMs?: number;
}

/** A simulated transaction waiting for confirmation: everything but the nonce is fixed. */
interface Prepared {
  review: TxReview;
  network: ActiveNetwork;
  kind: TxKind;
  to: Address;
  value: bigint;
  data: Hex;
  gas: bigint;
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
  nonce?: number;
  replaces?: string;
  expires: number;
}

const MAX_GAS = 30_000_000n;

/**
 * The send pipeline: prepare (simulate, estimate, describe the effects) → guard → sign → persist as
 * pending → broadcast → track to a receipt. Nothing is signed unless the RPC's chain id is the
 * network's, and nothing is broadcast before its signed bytes are in SQLite.
 */
export class TxPipeline {
  readonly tracker: TxTracker;
  private readonly nonces: NonceAllocator;
  private readonly reviews = new Map<string, Prepared>();
  private readonly now: () => number;

  constructor(private readonly o: TxPipelineOptions) {
    this.now = o.now ?? Date.now;
    this.nonces = new NonceAllocator(o.repo);
    this.tracker = new TxTracker({
      repo: o.repo,
      network: o.network,
      onUpdate: o.onUpdate ?? (() => {}),
      now: this.now,
      pollMs: o.pollMs ?? 1_000,
    });
  }

  async prepare(intent: TxIntent, kind: TxKind = intent.data ? 'call' : 'send'): Promise<TxReview> {
    const network = await this.o.network();
    const client = clientFor(network);
    const from = this.ownAddress(intent.from);
    const to = getAddress(intent.to);
    const value = intent.value ?? 0n;
    const data = intent.data ?? '0x';
    const [, simulated, fees, balance] = await rpcCall(() =>
      Promise.all([
        assertChainId(client, network),
        // A refusal is explained below, with the balance at hand; an outage still fails the whole.
        simulate(client, { account: from, to, value, data }).then(
          (gas) => ({ gas }),
          (error: unknown) => {
            if (isOutage(error)) throw error;
            return { error };
          },
        ),
        client.estimateFeesPerGas(),
        client.getBalance({ address: from }),
      ]),
    );
    if ('error' in simulated) {
      if (balance < value) throw notEnoughNative(balance, value);
      const why = await rpcCall(() => revertText(client, { network, from, to, data }, simulated.error));
      throw new SahelError('REVERTED', `The transaction would fail: ${why}`);
    }
    const gas = gasLimitFor(simulated.gas);
    if (gas > MAX_GAS) throw new SahelError('UNAVAILABLE', 'The RPC estimated an implausible amount of gas');
    if (balance < value + gas * fees.maxFeePerGas)
      throw notEnoughNative(balance, value, gas * fees.maxFeePerGas);
    const effects = await rpcCall(() =>
      describeEffects(client, {
        chainId: network.chainId,
        to,
        value,
        data,
        gasLimit: gas,
        maxFeePerGas: fees.maxFeePerGas,
        nativeSymbol: 'ETH',
      }),
    );
    return this.remember({
      network,
      kind,
      to,
      value,
      data,
      gas,
      maxFeePerGas: fees.maxFeePerGas,
      maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
      review: this.review(network, from, effects),
    });
  }

  /** Runs the guard on a review, then signs, stores and broadcasts it. A review is used once. */
  async confirm(reviewId: string, origin: TxOrigin = 'user'): Promise<Hex> {
    const p = this.reviews.get(reviewId);
    this.reviews.delete(reviewId);
    if (!p) throw new SahelError('NOT_FOUND', 'No such review: prepare the transaction again');
    if (this.now() > p.expires) throw new SahelError('CONFLICT', 'The review has expired: prepare it again');
    await this.o.guard({ review: p.review, origin, kind: p.kind });
    return this.submit(p);
  }

  /** prepare + confirm, for callers with their own review (the market's buy, the agent). */
  async send(intent: TxIntent, origin: TxOrigin): Promise<Hex> {
    const review = await this.prepare(intent);
    return this.confirm(review.reviewId, origin);
  }

  /** Re-sends a pending transaction with the same nonce and a fee raised ≥12.5%. */
  speedUp(hash: string, origin: TxOrigin = 'user'): Promise<Hex> {
    return this.replace(hash, 'speed-up', origin);
  }

  /** Replaces a pending transaction by an empty send to oneself at the same nonce, fee raised ≥12.5%. */
  cancel(hash: string, origin: TxOrigin = 'user'): Promise<Hex> {
    return this.replace(hash, 'cancel', origin);
  }

  waitFor(hash: string, timeoutMs?: number, opts?: { untilOutage?: boolean }): Promise<TxRecord> {
    return this.tracker.waitFor(hash, timeoutMs, opts);
  }

  async history(limit: number): Promise<TxRecord[]> {
    const network = await this.o.network();
    return this.o.repo.history(network.chainId, this.o.signers.addresses(), limit).map(toRecord);
  }

  private async replace(hash: string, kind: 'speed-up' | 'cancel', origin: TxOrigin): Promise<Hex> {
    const row = this.o.repo.get(hash);
    if (!row) throw new SahelError('NOT_FOUND', 'No such transaction in this wallet');
    if (row.status !== 'pending')
      throw new SahelError('CONFLICT', `The transaction is already ${row.status}`);
    const network = await this.o.network();
    if (row.chainId !== network.chainId) {
      throw new SahelError('CONFLICT', 'The transaction belongs to another network: switch to it first');
    }
    const from = this.ownAddress(row.from as Address);
    const client = clientFor(network);
    const fees = await rpcCall(() => client.estimateFeesPerGas());
    const tip = maxOf(bumpFee(BigInt(row.maxPriorityFeePerGas)), fees.maxPriorityFeePerGas);
    const maxFee = maxOf(bumpFee(BigInt(row.maxFeePerGas)), fees.maxFeePerGas, tip);
    const cancel = kind === 'cancel';
    const to = cancel ? from : getAddress(row.to as Address);
    const value = cancel ? 0n : BigInt(row.value);
    const data = (cancel ? '0x' : row.data) as Hex;
    const gas = cancel ? 21_000n : BigInt(row.gasLimit);
    const effects = await rpcCall(() =>
      describeEffects(client, {
        chainId: network.chainId,
        to,
        value,
        data,
        gasLimit: gas,
        maxFeePerGas: maxFee,
        nativeSymbol: 'ETH',
      }),
    );
    const review = this.review(network, from, effects);
    await this.o.guard({ review, origin, kind });
    return this.submit({
      review,
      network,
      kind,
      to,
      value,
      data,
      gas,
      maxFeePerGas: maxFee,
      maxPriorityFeePerGas: tip,
      nonce: row.nonce,
      replaces: row.hash,
      expires: Number.POSITIVE_INFINITY,
    });
  }

  private async submit(p: Prepared): Promise<Hex> {
    const from = getAddress(p.review.from);
    const account = this.o.signers.signer(from);
    const client = clientFor(p.network);
    // Checked again before signing, against the network as configured now: its RPC or its chain id
    // may have changed since the review. (Asked while the nonce is being allocated; awaited before signing.)
    const checked = this.o.network().then(async (current) => {
      await assertChainId(clientFor(current), current);
      if (current.chainId !== p.network.chainId || current.rpcUrl !== p.network.rpcUrl) {
        throw new SahelError('CONFLICT', 'The network changed since the review: prepare it again');
      }
    });
    checked.catch(() => {}); // Awaited below; a rejection before then is not unhandled.
    const signAndStore = async (nonce: number): Promise<{ hash: Hex; raw: Hex }> => {
      await checked;
      const raw = await account.signTransaction({
        type: 'eip1559',
        chainId: p.network.chainId,
        nonce,
        to: p.to,
        value: p.value,
        data: p.data,
        gas: p.gas,
        maxFeePerGas: p.maxFeePerGas,
        maxPriorityFeePerGas: p.maxPriorityFeePerGas,
      });
      const hash = keccak256(raw);
      const at = this.now();
      const same = this.o.repo.get(hash);
      if (same) {
        // These exact bytes were signed before: the chain forgot them (a devnet restarted from an
        // older state) and freed their nonce. It is the same transaction, so it is sent again as
        // the stored one rather than stored twice.
        if (same.status !== 'pending') this.o.repo.settle(hash, { status: 'pending' }, at);
        return { hash, raw: same.raw as Hex };
      }
      this.o.repo.insert({
        hash,
        chainId: p.network.chainId,
        from,
        nonce,
        to: p.to,
        value: p.value.toString(),
        data: p.data,
        raw,
        gasLimit: p.gas.toString(),
        maxFeePerGas: p.maxFeePerGas.toString(),
        maxPriorityFeePerGas: p.maxPriorityFeePerGas.toString(),
        kind: p.kind,
        effects: JSON.stringify(p.review.effects),
        status: 'pending',
        replaces: p.replaces ?? null,
        blockNumber: null,
        fee: null,
        createdAt: at,
        updatedAt: at,
      });
      return { hash, raw };
    };
    const { hash, raw } = await rpcCall(() =>
      p.nonce === undefined
        ? this.nonces.withNonce(client, p.network.chainId, from, signAndStore)
        : signAndStore(p.nonce),
    );
    this.tracker.announce(hash);
    await this.broadcast(client, hash, raw);
    void this.tracker.poll();
    return hash;
  }

  private async broadcast(client: PublicClient, hash: Hex, raw: Hex): Promise<void> {
    try {
      await client.sendRawTransaction({ serializedTransaction: raw });
    } catch (err) {
      // Unreachable: it stays pending and the tracker sends the stored bytes again later.
      if (isOutage(err)) return;
      const message =
        err instanceof Error ? rpcText((err as { shortMessage?: string }).shortMessage ?? '') : '';
      if (/already known/i.test(message)) return;
      this.o.repo.settle(hash, { status: 'dropped' }, this.now());
      this.tracker.announce(hash);
      throw new SahelError('CONFLICT', `The node refused the transaction: ${message || 'no reason given'}`);
    }
  }

  private remember(p: Omit<Prepared, 'expires'>): TxReview {
    const expires = Date.parse(p.review.expiresAt);
    this.reviews.set(p.review.reviewId, { ...p, expires });
    for (const [id, r] of this.reviews) if (r.expires < this.now()) this.reviews.delete(id);
    return p.review;
  }

  private review(network: ActiveNetwork, from: Address, effects: TxEffects): TxReview {
    return {
      reviewId: randomBytes(16).toString('hex'),
      network: network.name,
      chainId: network.chainId,
      from,
      effects,
      expiresAt: new Date(this.now() + (this.o.reviewTtlMs ?? 120_000)).toISOString(),
    };
  }

  private ownAddress(address: Address): Address {
    const wanted = getAddress(address);
    if (!this.o.signers.addresses().some((a) => getAddress(a) === wanted)) {
      throw new SahelError('NOT_FOUND', `${wanted} is not an account of this wallet`);
    }
    return wanted;
  }
}

function simulate(
  client: PublicClient,
  tx: { account: Address; to: Address; value: bigint; data: Hex },
): Promise<bigint> {
  // Both at once: a revert fails both, and the estimate is only used if the call succeeded.
  return Promise.all([client.call(tx), client.estimateGas(tx)]).then(([, gas]) => gas);
}

/** "Not enough ETH: you have 3, this needs 5 (…)": the shortfall in the figures the app shows. */
function notEnoughNative(balance: bigint, value: bigint, maxFee?: bigint): SahelError {
  const fmt = (x: bigint) => formatUnits(x, 18);
  const needs =
    maxFee === undefined
      ? `${fmt(value)} plus the network fee`
      : `${fmt(value + maxFee)} (${fmt(value)} plus a network fee of at most ${fmt(maxFee)})`;
  return new SahelError('REVERTED', `Not enough ETH: you have ${fmt(balance)}, this needs ${needs}`);
}

function maxOf(first: bigint, ...rest: bigint[]): bigint {
  let max = first;
  for (const x of rest) if (x > max) max = x;
  return max;
}
