import type { Address, Hash, Hex, LocalAccount, PublicClient } from 'viem';
import { SahelError } from '../../../src-shared/errors.js';

export interface BatchTx {
  to?: Address;
  data?: Hex;
  value?: bigint;
  gas: bigint;
}

export interface TxBatch {
  /** Signs locally with the next nonce and broadcasts; resolves with the hash once the RPC took it. */
  send(tx: BatchTx): Promise<Hash>;
  /** Waits for every receipt; fails (UNAVAILABLE) naming `what` if any transaction reverted. */
  confirm(what: string): Promise<{ contractAddress: Address | null | undefined }[]>;
}

/**
 * Several transactions from one account, back to back: the nonce and the fees are asked once, every
 * transaction is signed locally and only its raw bytes go to the RPC, so a batch of n costs about n+2
 * round trips instead of viem's five or so per send. For the deployer and the devnet's faucet and seed,
 * never for the user's own sends (those go through the tx pipeline with its review and guard).
 */
export async function txBatch(pub: PublicClient, account: LocalAccount, chainId: number): Promise<TxBatch> {
  const [nonce, fees] = await Promise.all([
    pub.getTransactionCount({ address: account.address, blockTag: 'pending' }),
    pub.estimateFeesPerGas(),
  ]);
  let next = nonce;
  const hashes: Hash[] = [];
  return {
    async send(tx) {
      const signed = await account.signTransaction({
        type: 'eip1559',
        chainId,
        nonce: next++,
        maxFeePerGas: fees.maxFeePerGas,
        maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
        ...tx,
      });
      const hash = await pub.sendRawTransaction({ serializedTransaction: signed });
      hashes.push(hash);
      return hash;
    },
    async confirm(what) {
      const receipts = await Promise.all(
        hashes.map((hash) => pub.waitForTransactionReceipt({ hash, pollingInterval: 25, timeout: 120_000 })),
      );
      if (receipts.some((r) => r.status !== 'success')) {
        throw new SahelError('UNAVAILABLE', `${what} failed: a transaction reverted`);
      }
      return receipts;
    },
  };
}
