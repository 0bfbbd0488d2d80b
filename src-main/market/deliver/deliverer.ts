import { type Address, encodeFunctionData, getAddress, type Hex, hexToBytes } from 'viem';
import type { Sale } from '../../../src-shared/domain/market-buy.js';
import { SahelError } from '../../../src-shared/errors.js';
import type { ActiveNetworkSource, TxPipeline } from '../../chain/index.js';
import { abis, clientFor } from '../../chain/index.js';
import type { MarketTradesRepo, PublishedAssetsRepo } from '../../store/index.js';
import { vaultApiError, X25519Recipient } from '../../vault/index.js';
import { LICENSE_STATUS, readLicense } from '../buy/market-reads.js';
import type { AssetKeys } from '../publish/asset-keys.js';
import { isDevnet } from '../publish/chain-record.js';
import { type MarketEvents, purchasesIn } from './events.js';
import { sealAssetKey } from './seal.js';

/** Blocks a purchase must be buried under before its key is delivered (0 on a devnet: it never reorgs). */
const CONFIRMATION_DEPTH = 3;
/** How long a pass waits for a deliverKey's receipt from an RPC that answers (a slow public chain). */
const RECEIPT_WAIT_MS = 10 * 60_000;

export interface DelivererOptions {
  trades: MarketTradesRepo;
  published: PublishedAssetsRepo;
  keys: AssetKeys;
  events: MarketEvents;
  pipeline: Pick<TxPipeline, 'send' | 'waitFor'>;
  network: ActiveNetworkSource;
  signers: { addresses(): Address[] };
  log: { warn(msg: string, data?: Record<string, unknown>): void };
  now?: () => number;
}

/**
 * The seller's side of a sale, run in the background of an owner that stays up: every Purchased
 * event (from the event cache, so purchases made while this Sahel was off are found when it is back)
 * of an asset this data dir published is delivered once it is buried deep enough: the licence must
 * still be Escrowed, the asset's age identity is sealed to the buyer's key and sent with deliverKey.
 *
 * The delivery row is claimed BEFORE the transaction, and the contract refuses a second deliverKey,
 * so a crash or a restart neither delivers twice nor forgets one: a `pending` row is retried, a
 * `sent` one is followed to its receipt. A licence that can never be delivered (identity lost,
 * refunded, sold by another wallet) is `failed` with the reason; a locked vault only postpones.
 */
export class Deliverer {
  private running: Promise<void> | undefined;
  private readonly now: () => number;

  constructor(private readonly o: DelivererOptions) {
    this.now = o.now ?? Date.now;
  }

  /** One pass over the cached purchases (single-flight). */
  run(): Promise<void> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** What this data dir sold on the active network. */
  async sales(): Promise<Sale[]> {
    const network = await this.o.network();
    return this.o.trades.deliveries(network.chainId, getAddress(network.contracts.marketplace)).map((d) => ({
      licenseId: d.licenseId,
      assetId: d.assetId,
      buyer: d.buyer,
      state: d.state,
      tx: (d.txHash as Hex | null) ?? null,
      reason: d.reason,
      updatedAt: d.updatedAt,
    }));
  }

  private async pass(): Promise<void> {
    const network = await this.o.network();
    const market = getAddress(network.contracts.marketplace);
    const depth = isDevnet(network) ? 0 : CONFIRMATION_DEPTH;
    for (const p of purchasesIn(this.o.events, network, depth)) {
      if (!this.o.published.byAssetId(network.chainId, p.assetId)) continue; // not an asset of ours
      const row = this.o.trades.delivery(network.chainId, market, p.licenseId);
      if (row && (row.state === 'delivered' || row.state === 'failed')) continue;
      if (!row) {
        this.o.trades.claimDelivery({
          chainId: network.chainId,
          market,
          licenseId: p.licenseId,
          assetId: p.assetId,
          buyer: p.buyer,
          state: 'pending',
          createdAt: this.iso(),
        });
      }
      try {
        await this.deliver(
          network.chainId,
          market,
          p.licenseId,
          p.assetId,
          p.buyerPubKey,
          row?.txHash ?? null,
        );
      } catch (err) {
        // Outages and a locked vault: the row stays pending and the next pass tries again.
        const reason = SahelError.is(err) ? err.message : 'the delivery failed; it will be retried';
        // Once per reason: a locked vault would otherwise log and write every round. A sent row stays
        // sent (its transaction is followed on the next pass, never signed again while it may be mined).
        const current = this.o.trades.delivery(network.chainId, market, p.licenseId);
        if (current?.reason !== reason) {
          const state = current?.state === 'sent' ? 'sent' : 'pending';
          this.o.trades.setDelivery(network.chainId, market, p.licenseId, state, {
            reason,
            now: this.iso(),
          });
          this.o.log.warn('market delivery postponed', { licenseId: p.licenseId, reason });
        }
      }
    }
  }

  private async deliver(
    chainId: number,
    market: Address,
    licenseId: string,
    assetId: string,
    buyerPubKey: Hex,
    sentTx: string | null,
  ): Promise<void> {
    const network = await this.o.network();
    const set = (state: 'sent' | 'delivered' | 'failed', p: { txHash?: string; reason?: string } = {}) =>
      this.o.trades.setDelivery(chainId, market, licenseId, state, { ...p, now: this.iso() });
    if (sentTx) {
      const tx = await this.o.pipeline.waitFor(sentTx, RECEIPT_WAIT_MS, { untilOutage: true });
      if (tx.status === 'confirmed') return set('delivered');
    }
    const license = await readLicense(clientFor(network), network, BigInt(licenseId));
    const status = LICENSE_STATUS[license.status] ?? 'none';
    if (status === 'delivered') return set('delivered');
    if (status !== 'escrowed')
      return set('failed', { reason: `the licence is ${status}, not awaiting delivery` });
    const seller = getAddress(license.seller);
    if (!this.o.signers.addresses().some((a) => getAddress(a) === seller)) {
      return set('failed', { reason: `sold by ${seller}, which is not an account of this wallet` });
    }
    let identity: ReturnType<AssetKeys['identityForAsset']>;
    try {
      identity = this.o.keys.identityForAsset(chainId, BigInt(assetId));
    } catch (thrown) {
      const err = vaultApiError(thrown);
      // Locked: only postponed (the next pass after an unlock delivers); anything else is for good.
      if (SahelError.is(err) && err.code === 'LOCKED') throw err;
      return set('failed', {
        reason: `the asset's key cannot be opened: ${SahelError.is(err) ? err.message : 'unreadable'}`,
      });
    }
    // The buyer's key on chain is whatever they sent: a value that is no X25519 point cannot be sealed to.
    let recipient: X25519Recipient;
    try {
      recipient = X25519Recipient.fromPublicKey(hexToBytes(buyerPubKey));
    } catch {
      return set('failed', { reason: "the buyer's public key is not a usable X25519 key" });
    }
    const sealedKey = await sealAssetKey(identity, recipient);
    const data = encodeFunctionData({
      abi: abis.marketplace(),
      functionName: 'deliverKey',
      args: [BigInt(licenseId), sealedKey],
    });
    // Delivering is what the seller agreed to when they published the offer: it is the user's own
    // transaction, sent for them in the background, not an agent's.
    const hash = await this.o.pipeline.send({ from: seller, to: market, data }, 'user');
    set('sent', { txHash: hash });
    // An RPC that stops answering now ends the wait (UNAVAILABLE): the row stays sent and the round
    // moves on rather than holding the buyer's side of the loop for the whole outage.
    const tx = await this.o.pipeline.waitFor(hash, RECEIPT_WAIT_MS, { untilOutage: true });
    if (tx.status === 'confirmed') return set('delivered', { txHash: hash });
    throw new SahelError('UNAVAILABLE', `the deliverKey transaction ${hash} ${tx.status}`);
  }

  private iso(): string {
    return new Date(this.now()).toISOString();
  }
}
