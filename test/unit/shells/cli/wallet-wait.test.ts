import { describe, expect, it } from 'vitest';
import { confirmAndWait } from '../../../../src-main/shells/cli/commands/wallet-wait.js';
import type { TxRecord } from '../../../../src-shared/domain/tx.js';

const HASH = `0x${'ab'.repeat(32)}`;
const record = (status: TxRecord['status'], hash = HASH): TxRecord => ({
  hash,
  chainId: 31337,
  from: `0x${'11'.repeat(20)}`,
  to: `0x${'22'.repeat(20)}`,
  nonce: 0,
  kind: 'send',
  status,
  effects: {
    outflows: [],
    to: `0x${'22'.repeat(20)}`,
    call: null,
    gasLimit: '1',
    maxFeePerGas: '1',
    maxFee: '1',
  },
  replaces: null,
  blockNumber: status === 'confirmed' ? 5 : null,
  fee: status === 'confirmed' ? '21000' : null,
  createdAt: new Date(0).toISOString(),
  updatedAt: new Date(0).toISOString(),
});

/** A fake owner: `confirm` can announce updates before it answers the hash, as a fast chain does. */
function owner(o: { before?: TxRecord[]; after?: TxRecord[]; stored?: TxRecord }) {
  const listeners = new Set<(tx: TxRecord) => void>();
  const emit = (tx: TxRecord) => {
    for (const l of listeners) l(tx);
  };
  return {
    listeners,
    subscribe: (l: (tx: TxRecord) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    confirm: async () => {
      for (const tx of o.before ?? []) emit(tx);
      setImmediate(() => {
        for (const tx of o.after ?? []) emit(tx);
      });
      return HASH;
    },
    stored: async () => o.stored,
  };
}

describe('wallet send waits for the receipt whichever comes first', () => {
  // A short timeout: if the receipt were missed, the answer would be "still pending" (tx undefined),
  // not a slow pass; nothing here measures time.
  const timeoutMs = 2_000;

  it('keeps a receipt announced before confirmSend answered the hash (the race that waited 120 s)', async () => {
    const o = owner({
      before: [record('pending'), record('confirmed', `0x${'cd'.repeat(32)}`), record('confirmed')],
    });
    const { hash, tx } = await confirmAndWait({
      ...o,
      stored: async () => record('pending'),
      wait: true,
      timeoutMs,
    });
    expect(hash).toBe(HASH);
    expect(tx).toMatchObject({ hash: HASH, status: 'confirmed', fee: '21000' });
    expect(o.listeners.size).toBe(0);
  });

  it('takes the receipt that comes after, or the stored state when no event comes at all', async () => {
    const later = owner({ after: [record('failed')] });
    expect((await confirmAndWait({ ...later, wait: true, timeoutMs })).tx?.status).toBe('failed');
    const silent = owner({ stored: record('confirmed') });
    expect((await confirmAndWait({ ...silent, wait: true, timeoutMs })).tx?.status).toBe('confirmed');
  });

  it('--no-wait returns at once; a receipt that never comes ends as still pending', async () => {
    const o = owner({});
    expect(await confirmAndWait({ ...o, wait: false, timeoutMs })).toEqual({ hash: HASH, tx: undefined });
    expect((await confirmAndWait({ ...owner({}), wait: true, timeoutMs: 10 })).tx).toBeUndefined();
  });
});
