import type { Hex } from 'viem';
import { describe, expect, it } from 'vitest';
import {
  AssetRegistry,
  type Chain,
  contentHash,
  events,
  KIND,
  read,
  register,
  registerArgs,
  revertOf,
  send,
  useChain,
} from './harness.js';

interface AssetRecord {
  kind: number;
  registeredAt: bigint;
  registrant: string;
  contentHash: Hex;
  metadataURI: string;
}

describe('AssetRegistry', () => {
  let c: Chain;
  useChain((chain) => {
    c = chain;
  });

  const tryRegister = (from: number, a: Parameters<typeof registerArgs>[2]) =>
    revertOf(send(c, from, c.registry, AssetRegistry.abi, 'register', registerArgs(c, from, a)));

  it('registers an asset as an NFT of the caller with its immutable record and events', async () => {
    const hash = contentHash();
    const { result: id, receipt } = await send<bigint>(c, 1, c.registry, AssetRegistry.abi, 'register', [
      KIND.Model,
      hash,
      'ipfs://model-meta',
      [c.addr(1), c.addr(2)],
      [7_000, 3_000],
      [],
      [],
    ]);
    expect(id).toBe(1n);
    expect(await read(c, c.registry, AssetRegistry.abi, 'ownerOf', [1n])).toBe(c.addr(1));
    expect(await read(c, c.registry, AssetRegistry.abi, 'tokenURI', [1n])).toBe('ipfs://model-meta');
    expect(await read(c, c.registry, AssetRegistry.abi, 'totalAssets')).toBe(1n);
    expect(await read(c, c.registry, AssetRegistry.abi, 'assetIdByContentHash', [hash])).toBe(1n);
    const rec = await read<AssetRecord>(c, c.registry, AssetRegistry.abi, 'getAsset', [1n]);
    expect(rec).toMatchObject({
      kind: KIND.Model,
      registrant: c.addr(1),
      contentHash: hash,
      metadataURI: 'ipfs://model-meta',
    });
    expect(rec.registeredAt).toBe((await c.pub.getBlock({ blockNumber: receipt.blockNumber })).timestamp);
    expect(await read(c, c.registry, AssetRegistry.abi, 'contributorsOf', [1n])).toEqual([
      [c.addr(1), c.addr(2)],
      [7_000, 3_000],
    ]);
    expect(await read(c, c.registry, AssetRegistry.abi, 'parentsOf', [1n])).toEqual([[], []]);
    const [reg] = events(receipt, AssetRegistry.abi, 'AssetRegistered');
    expect(reg).toEqual({
      assetId: 1n,
      owner: c.addr(1),
      contentHash: hash,
      kind: KIND.Model,
      metadataURI: 'ipfs://model-meta',
    });
    const [lineage] = events(receipt, AssetRegistry.abi, 'AssetLineage');
    expect(lineage).toEqual({
      assetId: 1n,
      contributors: [c.addr(1), c.addr(2)],
      bps: [7_000, 3_000],
      parents: [],
      parentBps: [],
    });
    expect(events(receipt, AssetRegistry.abi, 'Transfer')).toHaveLength(1);
  });

  it('accepts every kind: dataset, model, adapter, agent, prompt', async () => {
    for (const kind of Object.values(KIND)) {
      const id = await register(c, 1, { kind });
      expect((await read<AssetRecord>(c, c.registry, AssetRegistry.abi, 'getAsset', [id])).kind).toBe(kind);
    }
    // An out-of-range enum value is rejected by the ABI decoder.
    await expect(
      send(c, 1, c.registry, AssetRegistry.abi, 'register', registerArgs(c, 1, { kind: 5 })),
    ).rejects.toThrow();
  });

  it('records parents with royalties; parents must exist and be older', async () => {
    const a = await register(c, 1);
    const b = await register(c, 2);
    const child = await register(c, 3, { parents: [a, b], parentBps: [1_000, 500] });
    expect(await read(c, c.registry, AssetRegistry.abi, 'parentsOf', [child])).toEqual([
      [a, b],
      [1_000, 500],
    ]);
    expect((await tryRegister(3, { parents: [0n], parentBps: [100] }))?.errorName).toBe('UnknownParent');
    // The next id would be 4: a parent may not be itself or younger.
    expect((await tryRegister(3, { parents: [4n], parentBps: [100] }))?.errorName).toBe('UnknownParent');
    expect((await tryRegister(3, { parents: [99n], parentBps: [100] }))?.errorName).toBe('UnknownParent');
    expect((await tryRegister(3, { parents: [a, a], parentBps: [100, 100] }))?.errorName).toBe(
      'DuplicateParent',
    );
    expect((await tryRegister(3, { parents: [a], parentBps: [0] }))?.errorName).toBe('ZeroBps');
    expect((await tryRegister(3, { parents: [a, b], parentBps: [100] }))?.errorName).toBe('LengthMismatch');
    expect((await tryRegister(3, { parents: [a, b], parentBps: [4_000, 1_001] }))?.errorName).toBe(
      'RoyaltyTooHigh',
    );
    // Exactly the cap is allowed.
    await register(c, 3, { parents: [a, b], parentBps: [4_000, 1_000] });
  });

  it('caps the number of parents and contributors', async () => {
    const ids: bigint[] = [];
    for (let i = 0; i < 9; i++) ids.push(await register(c, 1));
    expect((await tryRegister(2, { parents: ids, parentBps: ids.map(() => 100) }))?.errorName).toBe(
      'TooManyParents',
    );
    await register(c, 2, { parents: ids.slice(0, 8), parentBps: ids.slice(0, 8).map(() => 100) });
    const many = Array.from(
      { length: 17 },
      (_, i) => `0x${(i + 1).toString(16).padStart(40, '0')}` as `0x${string}`,
    );
    const bps17 = many.map((_, i) => (i === 0 ? 10_000 - 16 * 588 : 588));
    expect((await tryRegister(2, { contributors: many, bps: bps17 }))?.errorName).toBe('TooManyContributors');
  });

  it('enforces contributor rules: bps sum to exactly 10,000, no duplicates, no zero address or share', async () => {
    const [x, y] = [c.addr(4), c.addr(5)];
    expect((await tryRegister(1, { contributors: [x, y], bps: [5_000, 4_999] }))?.errorName).toBe(
      'BpsSumNot10000',
    );
    expect((await tryRegister(1, { contributors: [x, y], bps: [5_000, 5_001] }))?.errorName).toBe(
      'BpsSumNot10000',
    );
    expect((await tryRegister(1, { contributors: [x, x], bps: [5_000, 5_000] }))?.errorName).toBe(
      'DuplicateContributor',
    );
    expect((await tryRegister(1, { contributors: [x, y], bps: [10_000, 0] }))?.errorName).toBe('ZeroBps');
    const zero = '0x0000000000000000000000000000000000000000';
    expect((await tryRegister(1, { contributors: [zero], bps: [10_000] }))?.errorName).toBe(
      'ZeroAddressContributor',
    );
    expect((await tryRegister(1, { contributors: [], bps: [] }))?.errorName).toBe('NoContributors');
    expect((await tryRegister(1, { contributors: [x], bps: [5_000, 5_000] }))?.errorName).toBe(
      'LengthMismatch',
    );
  });

  it('rejects a zero or already registered content hash and an empty metadata URI', async () => {
    const hash = contentHash();
    await register(c, 1, { hash });
    expect((await tryRegister(2, { hash }))?.errorName).toBe('ContentAlreadyRegistered');
    expect((await tryRegister(2, { hash: `0x${'0'.repeat(64)}` }))?.errorName).toBe('ZeroContentHash');
    expect((await tryRegister(2, { uri: '' }))?.errorName).toBe('EmptyMetadataURI');
  });

  it('views revert for unknown assets; the record survives a transfer unchanged', async () => {
    for (const fn of ['getAsset', 'contributorsOf', 'parentsOf', 'tokenURI']) {
      const r = await revertOf(read(c, c.registry, AssetRegistry.abi, fn, [7n]));
      expect(r?.errorName).toBe('UnknownAsset');
    }
    expect(await read(c, c.registry, AssetRegistry.abi, 'exists', [0n])).toBe(false);
    const id = await register(c, 1, { contributors: [c.addr(1), c.addr(2)], bps: [9_000, 1_000] });
    const before = await read(c, c.registry, AssetRegistry.abi, 'getAsset', [id]);
    await send(c, 1, c.registry, AssetRegistry.abi, 'transferFrom', [c.addr(1), c.addr(6), id]);
    expect(await read(c, c.registry, AssetRegistry.abi, 'ownerOf', [id])).toBe(c.addr(6));
    expect(await read(c, c.registry, AssetRegistry.abi, 'getAsset', [id])).toEqual(before);
    expect(await read(c, c.registry, AssetRegistry.abi, 'contributorsOf', [id])).toEqual([
      [c.addr(1), c.addr(2)],
      [9_000, 1_000],
    ]);
    // No function other than register writes a record.
    const writers = AssetRegistry.abi
      .filter((f) => f.type === 'function' && f.stateMutability !== 'view' && f.stateMutability !== 'pure')
      .map((f) => (f as { name: string }).name)
      .sort();
    expect(writers).toEqual([
      'approve',
      'register',
      'safeTransferFrom',
      'safeTransferFrom',
      'setApprovalForAll',
      'transferFrom',
    ]);
  });
});
