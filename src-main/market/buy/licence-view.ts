import { type Address, getAddress, type Hex } from 'viem';
import type { BoughtLicense } from '../../../src-shared/domain/market-buy.js';
import { SahelError } from '../../../src-shared/errors.js';
import type { TxPipeline } from '../../chain/index.js';
import type { LicenseRow } from '../../store/index.js';

/**
 * A licence row as the API shows it. Refundable as the contract judges it: still escrowed on chain
 * (its key never delivered) past the deadline, by the chain's clock (`chainNow`, ms). A key delivered
 * and then not imported (a ciphertext that does not match: 'failed'; an import put off: escrowed with
 * a reason) can never be refunded, whatever the deadline: it is shown with its reason instead.
 * `deliveredOnChain`: the cache saw its KeyDelivered (before the receiver got to it).
 */
export function licenceView(
  r: LicenseRow,
  chainNow: number,
  nowIso: string,
  deliveredOnChain = false,
): BoughtLicense {
  const deadline = r.deliveryDeadline ?? nowIso;
  const delivered = deliveredOnChain || r.state === 'failed' || (r.state === 'escrowed' && r.reason !== null);
  return {
    licenseId: r.licenseId as string,
    offerId: r.offerId,
    assetId: r.assetId,
    seller: r.seller,
    token: r.token,
    price: r.price,
    deliveryDeadline: deadline,
    expiresAt: r.expiresAt,
    state: r.state,
    reason: r.reason,
    itemId: r.itemId,
    refundable: r.state === 'escrowed' && !delivered && Date.parse(deadline) < chainNow,
  };
}

/** Waits for a sent step's receipt; anything but confirmed stops the flow with what did not happen. */
export async function waitMined(
  pipeline: Pick<TxPipeline, 'waitFor'>,
  hash: Hex,
  step: string,
  otherwise: string,
): Promise<void> {
  const tx = await pipeline.waitFor(hash, 10 * 60_000);
  if (tx.status !== 'confirmed')
    throw new SahelError('CONFLICT', `The ${step} transaction ${hash} ${tx.status}: ${otherwise}`);
}

/** The wallet account that acts: `wanted` when it is one of ours, else the first. */
export function walletAccount(signers: { addresses(): Address[] }, wanted: string | undefined): Address {
  const mine = signers.addresses().map((a) => getAddress(a));
  if (mine.length === 0) throw new SahelError('NOT_FOUND', 'The wallet has no account yet: create one first');
  if (wanted === undefined) return mine[0] as Address;
  const a = getAddress(wanted.toLowerCase());
  if (!mine.includes(a)) throw new SahelError('NOT_FOUND', `${a} is not an account of this wallet`);
  return a;
}
