import { TxEffects, type TxRecord } from '../../../src-shared/domain/tx.js';
import type { TxRow } from '../../store/index.js';

/** A stored row as the API shows it. The effects JSON is our own, written at review time. */
export function toRecord(row: TxRow): TxRecord {
  return {
    hash: row.hash,
    chainId: row.chainId,
    from: row.from,
    to: row.to,
    nonce: row.nonce,
    kind: row.kind,
    status: row.status,
    effects: TxEffects.parse(JSON.parse(row.effects)),
    replaces: row.replaces,
    blockNumber: row.blockNumber,
    fee: row.fee,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

/** Text from an RPC, safe to put in an error message: printable, short. */
export function rpcText(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, ' ').slice(0, 160);
}

/** A fee raised by at least 12.5% (nodes ask ≥10% to accept a replacement), never by less than 1 wei. */
export function bumpFee(fee: bigint): bigint {
  const bumped = (fee * 1125n + 999n) / 1000n;
  return bumped > fee ? bumped : fee + 1n;
}

/** The gas limit for an estimate: 20% above it, as state can move between estimate and mining. */
export function gasLimitFor(estimate: bigint): bigint {
  return (estimate * 6n) / 5n;
}
