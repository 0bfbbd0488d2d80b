import { describe, expect, it } from 'vitest';
import { ChainCacheRepo } from '../../../src-main/store/chain-cache-repo.js';
import { migrate, openDatabase, schemaVersion } from '../../../src-main/store/database.js';
import { MIGRATIONS } from '../../../src-main/store/migrations/index.js';
import { TxRepo, type TxRow } from '../../../src-main/store/tx-repo.js';

const h = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;
const FROM = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

function tx(n: number, patch: Partial<TxRow> = {}): TxRow {
  return {
    hash: h(n),
    chainId: 31337,
    from: FROM,
    nonce: n,
    to: FROM,
    value: '1',
    data: '0x',
    raw: '0x02',
    gasLimit: '21000',
    maxFeePerGas: '2',
    maxPriorityFeePerGas: '1',
    kind: 'send',
    effects: '{}',
    status: 'pending',
    replaces: null,
    blockNumber: null,
    fee: null,
    createdAt: n,
    updatedAt: n,
    ...patch,
  };
}

describe('0005 chain txs and the chain cache', () => {
  it('adds the tables after 0004, refusing bad statuses, kinds, hashes and effects', () => {
    const db = openDatabase(':memory:', { migrate: false });
    migrate(db, MIGRATIONS, 4);
    migrate(db, MIGRATIONS, 5);
    expect(schemaVersion(db)).toBe(5);
    const repo = new TxRepo(db);
    repo.insert(tx(1));
    expect(repo.get(h(1))).toEqual(tx(1));
    expect(() => repo.insert(tx(1))).toThrow(/UNIQUE/);
    expect(() => repo.insert(tx(2, { status: 'lost' as never }))).toThrow(/CHECK/);
    expect(() => repo.insert(tx(3, { kind: 'mint' as never }))).toThrow(/CHECK/);
    expect(() => repo.insert(tx(4, { hash: '0x12' }))).toThrow(/CHECK/);
    expect(() => repo.insert(tx(5, { effects: 'not json' }))).toThrow(/CHECK/);
    db.close();
  });

  it('finds the highest pending nonce; settling one marks its same-nonce siblings replaced', () => {
    const db = openDatabase(':memory:');
    const repo = new TxRepo(db);
    repo.insert(tx(1, { nonce: 7 }));
    repo.insert(tx(2, { nonce: 7, replaces: h(1), kind: 'speed-up' }));
    repo.insert(tx(3, { nonce: 8 }));
    expect(repo.maxPendingNonce(31337, FROM)).toBe(8);
    expect(repo.maxPendingNonce(1, FROM)).toBeUndefined();
    repo.settle(h(2), { status: 'confirmed', blockNumber: 12, fee: '42' }, 100);
    expect([repo.get(h(1))!.status, repo.get(h(2))!.status, repo.get(h(3))!.status]).toEqual([
      'replaced',
      'confirmed',
      'pending',
    ]);
    expect(repo.get(h(2))).toMatchObject({ blockNumber: 12, fee: '42', updatedAt: 100 });
    expect(repo.pending().map((r) => r.hash)).toEqual([h(3)]);
    expect(repo.history(31337, [FROM], 2).map((r) => r.hash)).toEqual([h(3), h(2)]);
    db.close();
  });

  it('applies a cache range all at once and rolls back above an ancestor', () => {
    const db = openDatabase(':memory:');
    const cache = new ChainCacheRepo(db);
    expect(cache.init('s', 10)).toEqual({ startBlock: 10, syncedTo: 9 });
    const ev = (block: number, i: number) => ({
      blockNumber: block,
      logIndex: i,
      txHash: h(block),
      contract: FROM,
      name: 'OfferCreated',
      args: '{}',
    });
    cache.apply('s', {
      to: 20,
      events: [ev(12, 0), ev(15, 1)],
      blocks: new Map([
        [12, h(12)],
        [15, h(15)],
        [20, h(20)],
      ]),
    });
    // A range with a bad row (not JSON) is refused whole: neither its events nor its cursor move.
    expect(() =>
      cache.apply('s', {
        to: 30,
        events: [ev(25, 0), { ...ev(26, 0), args: 'x' }],
        blocks: new Map([[30, h(30)]]),
      }),
    ).toThrow(/CHECK/);
    expect(cache.cursor('s')!.syncedTo).toBe(20);
    expect(cache.count('s')).toBe(2);
    cache.rollback('s', 13);
    expect(cache.cursor('s')!.syncedTo).toBe(13);
    expect(cache.events('s', ['OfferCreated']).map((e) => e.blockNumber)).toEqual([12]);
    expect(cache.blocksAtOrBelow('s', 100).map((b) => b.number)).toEqual([12]);
    db.close();
  });
});
