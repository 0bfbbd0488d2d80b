// Publishing with an ipfs location on anvil, checked through a loopback gateway that serves only what
// was pinned to it from the CAR Sahel wrote (exported by the IPFS libraries, not by Sahel): not pinned
// yet, or a gateway serving other bytes, is refused before any transaction; pinned, it publishes.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PublishInput } from '../../../src-shared/domain/market-publish.js';
import { SahelError } from '../../../src-shared/errors.js';
import { startTestGateway, type TestGateway } from '../../support/ipfs-gateway.js';
import { tempDir } from '../../support/tmp.js';
import { AssetRegistry, type Chain, read, useChain } from '../contracts/harness.js';
import { seller } from './publish-fixture.js';

let c: Chain;
let gateway: TestGateway;
const input = (o: Partial<PublishInput> & { itemId: string }) => PublishInput.parse({ price: '25', ...o });
const totalAssets = () => read<bigint>(c, c.registry, AssetRegistry.abi, 'totalAssets');
const code = (code: string, text: RegExp) => (e: unknown) =>
  SahelError.is(e) && e.code === code && text.test(e.message);

beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(() => gateway.close());

describe('publishing to IPFS on anvil', () => {
  useChain((chain) => {
    c = chain;
  });

  it('lists ipfs://<CID of the .age file>, writes its CAR, and goes on chain only once the gateway serves that file', async () => {
    const s = await seller(c, tempDir(), { ipfsGateway: gateway.url });
    // Over a megabyte: a ciphertext of several 256 KiB chunks, a DAG of more than one block.
    const item = await s.add('wells.csv', randomBytes(1_200_000));
    const hosts = [{ kind: 'ipfs' as const }];
    const before = await totalAssets();

    const first = await s.publisher.plan(input({ itemId: item.id, hosts }));
    const [loc] = first.metadata.ciphertext.locations;
    if (loc?.kind !== 'ipfs') throw new Error('no ipfs location');
    expect(first.ipfs).toEqual({
      cid: loc.cid,
      carFile: `${first.ciphertextFile}.car`,
      gateway: gateway.url,
    });
    expect(existsSync(`${first.ciphertextFile}.car`)).toBe(true);

    // Not pinned: refused with what to do, nothing on chain.
    await expect(s.publisher.confirm(first.planId)).rejects.toSatisfy(
      code('UNAVAILABLE', /is not reachable through 127\.0\.0\.1:\d+ yet \(it answered 404\): pin .+\.car/),
    );
    expect(gateway.asked).toContain(`/ipfs/${loc.cid}`);
    expect(await totalAssets()).toBe(before);

    // A gateway that serves other bytes under that CID: refused too.
    gateway.lie(loc.cid, randomBytes(first.metadata.ciphertext.size));
    const second = await s.publisher.plan(input({ itemId: item.id, hosts }));
    expect(second.ipfs?.cid).toBe(loc.cid); // the same version, the same DAG
    await expect(s.publisher.confirm(second.planId)).rejects.toSatisfy(
      code('BAD_INPUT', /serves other bytes for ipfs:\/\/\S+ than the \.age file Sahel wrote/),
    );
    expect(await totalAssets()).toBe(before);
    expect((await s.publisher.published()).map((p) => p.state)).toEqual(['prepared']);

    // Pinned (the CAR's root is the listed CID, its blocks checked against their CIDs): published.
    gateway.lie(loc.cid, null);
    expect(await gateway.pin(`${first.ciphertextFile}.car`)).toEqual([loc.cid]);
    const served = await fetch(`${gateway.url}/ipfs/${loc.cid}`);
    expect(Buffer.from(await served.arrayBuffer()).equals(readFileSync(first.ciphertextFile))).toBe(true);
    const third = await s.publisher.plan(input({ itemId: item.id, hosts }));
    const done = await s.publisher.confirm(third.planId);
    expect(done.ciphertextSha256).toBe(first.metadata.ciphertext.sha256.slice(2));
    expect(await totalAssets()).toBe(before + 1n);
    await s.close();
  });
});
