import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Abi, toEventSelector } from 'viem';
import { describe, expect, it } from 'vitest';
import { MARKET_EVENTS, REGISTRY_EVENTS } from '../../../src-main/chain/cache/abi.js';
import { bumpFee, rpcText } from '../../../src-main/chain/tx/records.js';

const artifactEvents = (name: string) =>
  (
    JSON.parse(
      readFileSync(join(import.meta.dirname, '../../../resources/contracts', `${name}.json`), 'utf8'),
    ) as {
      abi: Abi;
    }
  ).abi.filter((x) => x.type === 'event');

describe('transaction pipeline pieces', () => {
  it('raises a replacement fee by at least 12.5%, never by nothing', () => {
    expect(bumpFee(1_000_000_000n)).toBe(1_125_000_000n);
    expect(bumpFee(1n)).toBe(2n);
    expect(bumpFee(0n)).toBe(1n);
    for (const fee of [7n, 999n, 123_456_789n])
      expect(bumpFee(fee) * 100n).toBeGreaterThanOrEqual(fee * 110n);
  });

  it('keeps RPC text printable and short in error messages', () => {
    expect(rpcText(`nonce too low\u0000\u001b[31m${'x'.repeat(500)}`)).toMatch(/^nonce too low {2}\[31mx+$/);
    expect(rpcText('x'.repeat(500))).toHaveLength(160);
  });

  it("the cache's event ABIs are the shipped contracts' events", () => {
    for (const [name, mine] of [
      ['Marketplace', MARKET_EVENTS],
      ['AssetRegistry', REGISTRY_EVENTS],
    ] as const) {
      const shipped = new Map(
        artifactEvents(name).map((e) => [toEventSelector(e as never), (e as { name: string }).name]),
      );
      for (const e of mine) expect(shipped.get(toEventSelector(e))).toBe(e.name);
    }
  });
});
