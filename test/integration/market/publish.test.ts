import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Hex } from 'viem';
import { describe, expect, it } from 'vitest';
import { registerCall, type Split } from '../../../src-main/market/publish/publish-calls.js';
import { formatIdentityFile } from '../../../src-main/vault/age/index.js';
import { AssetMetadata } from '../../../src-shared/domain/asset-metadata.js';
import { PublishInput } from '../../../src-shared/domain/market-publish.js';
import { SahelError } from '../../../src-shared/errors.js';
import { AGE, haveAge } from '../../support/age-cli.js';
import { tempDir } from '../../support/tmp.js';
import { world } from '../chain/tx-fixture.js';
import {
  AssetRegistry,
  type Chain,
  contentHash,
  E18,
  KIND,
  Marketplace,
  read,
  register,
  useChain,
} from '../contracts/harness.js';
import { seller } from './publish-fixture.js';

let c: Chain;
const input = (o: Partial<PublishInput> & { itemId: string }) => PublishInput.parse({ price: '25', ...o });
const totalAssets = () => read<bigint>(c, c.registry, AssetRegistry.abi, 'totalAssets');
const code = (code: string, text?: RegExp) => (e: unknown) =>
  SahelError.is(e) && e.code === code && (!text || text.test(e.message));

describe('publishing a vault item on anvil', () => {
  useChain((chain) => {
    c = chain;
  });

  it.skipIf(!haveAge)(
    'registers and offers with two contributors and a parent; the hosted blob opens with age and the exported identity',
    async () => {
      const dir = tempDir();
      const s = await seller(c, dir);
      const parent = await register(c, 3); // owned by another account
      const bytes = randomBytes(200_000);
      const item = await s.add('weather.csv', bytes);
      const plan = await s.publisher.plan(
        input({
          itemId: item.id,
          title: 'Weather',
          kind: 'dataset',
          contributors: [
            { address: c.addr(1), bps: 6_000 },
            { address: c.addr(2), bps: 4_000 },
          ],
          parents: [{ assetId: parent.toString(), bps: 1_000 }],
          durationSeconds: 3600,
          seats: 5,
        }),
      );
      expect(plan.steps.map((x) => [x.step, x.estimated])).toEqual([
        ['register', false],
        ['createOffer', true],
      ]);
      expect(plan.steps[0]!.review?.from).toBe(c.addr(1));
      expect(BigInt(plan.steps[0]!.maxFee)).toBeGreaterThan(0n);
      expect(plan.metadata.ciphertext.locations).toEqual([{ kind: 'peer', url: s.baseUrl }]);
      expect(plan.offer.price).toBe((25n * E18).toString());
      expect(await totalAssets()).toBe(parent); // the plan put nothing on chain

      const done = await s.publisher.confirm(plan.planId);
      const assetId = BigInt(done.assetId);
      const asset = await read<{
        kind: number;
        contentHash: string;
        metadataURI: string;
        registrant: string;
      }>(c, c.registry, AssetRegistry.abi, 'getAsset', [assetId]);
      expect(asset.kind).toBe(KIND.Dataset);
      expect(asset.registrant).toBe(c.addr(1));
      expect(asset.contentHash).toBe(plan.contentHash);
      const b64 = asset.metadataURI.replace(/^data:application\/json;base64,/, '');
      const onChain = AssetMetadata.parse(JSON.parse(Buffer.from(b64, 'base64').toString('utf8')));
      expect(onChain.ciphertext.sha256).toBe(`0x${done.ciphertextSha256}`);
      expect(onChain.content.size).toBe(bytes.length);
      expect(await read(c, c.registry, AssetRegistry.abi, 'contributorsOf', [assetId])).toEqual([
        [c.addr(1), c.addr(2)],
        [6_000, 4_000],
      ]);
      expect(await read(c, c.registry, AssetRegistry.abi, 'parentsOf', [assetId])).toEqual([
        [parent],
        [1_000],
      ]);
      const offer = await read<{
        assetId: bigint;
        seller: string;
        active: boolean;
        terms: Record<string, unknown>;
      }>(c, c.market, Marketplace.abi, 'getOffer', [BigInt(done.offerId)]);
      expect(offer).toMatchObject({ assetId, seller: c.addr(1), active: true });
      expect(offer.terms).toMatchObject({
        token: c.token,
        price: 25n * E18,
        duration: 3600n,
        maxLicenses: 5,
      });

      // The buyer's side of it: download from the listener, decrypt with Debian's age.
      const res = await fetch(`${s.baseUrl}/market/blobs/${done.ciphertextSha256}`);
      expect(res.status).toBe(200);
      const blob = Buffer.from(await res.arrayBuffer());
      expect(blob.length).toBe(onChain.ciphertext.size);
      const idFile = join(dir, 'asset.key');
      writeFileSync(idFile, formatIdentityFile(s.keys.identityForAsset(31337, assetId)), { mode: 0o600 });
      const blobFile = join(dir, 'download.age');
      writeFileSync(blobFile, blob);
      expect(execFileSync(AGE, ['-d', '-i', idFile, blobFile]).equals(bytes)).toBe(true);
      expect(s.repo.get(s.repo.byAssetId(31337, done.assetId)!.id)?.state).toBe('offered');
      await s.close();
    },
  );

  it.skipIf(!haveAge)(
    'a vault folder is published as one deterministic tar: the same plan twice, and the hosted blob opens to its files',
    async () => {
      const dir = tempDir();
      const s = await seller(c, dir);
      const local = join(dir, 'Wells');
      mkdirSync(join(local, 'north'), { recursive: true });
      writeFileSync(join(local, 'readme.md'), '# Wells\n');
      writeFileSync(join(local, 'north', 'depths.csv'), 'well,depth_m\nA,12\n');
      const [folder] = await s.vault.items.importPaths([local], [], null, 'folder-publish');
      expect(folder?.kind).toBe('folder');
      const plan = await s.publisher.plan(input({ itemId: folder!.id, kind: 'dataset' }));
      expect(plan.metadata.content).toMatchObject({ format: 'application/x-tar', name: 'Wells.tar' });
      // Packed again from the vault for a second plan: the same bytes, so the same contentHash.
      expect((await s.publisher.plan(input({ itemId: folder!.id, kind: 'dataset' }))).contentHash).toBe(
        plan.contentHash,
      );
      const done = await s.publisher.confirm(plan.planId);

      const res = await fetch(`${s.baseUrl}/market/blobs/${done.ciphertextSha256}`);
      writeFileSync(join(dir, 'wells.age'), Buffer.from(await res.arrayBuffer()));
      const idFile = join(dir, 'asset.key');
      writeFileSync(idFile, formatIdentityFile(s.keys.identityForAsset(31337, BigInt(done.assetId))), {
        mode: 0o600,
      });
      const tar = execFileSync(AGE, ['-d', '-i', idFile, join(dir, 'wells.age')]);
      expect(`0x${createHash('sha256').update(tar).digest('hex')}`).toBe(plan.contentHash);
      writeFileSync(join(dir, 'wells.tar'), tar);
      const out = join(dir, 'out');
      mkdirSync(out);
      execFileSync('tar', ['-xf', join(dir, 'wells.tar'), '-C', out]);
      expect(readFileSync(join(out, 'north', 'depths.csv'), 'utf8')).toBe('well,depth_m\nA,12\n');
      expect(readFileSync(join(out, 'readme.md'), 'utf8')).toBe('# Wells\n');
      await s.close();
    },
  );

  it('bad input is a typed sentence with nothing on chain and nothing written', async () => {
    const s = await seller(c, tempDir());
    const item = await s.add('a.bin', randomBytes(1000));
    const before = await totalAssets();
    const attempts: [Partial<PublishInput>, string, RegExp][] = [
      [
        {
          contributors: [
            { address: c.addr(1), bps: 6_000 },
            { address: c.addr(2), bps: 3_000 },
          ],
        },
        'BAD_INPUT',
        /add up to 9000 basis points/,
      ],
      [{ parents: [{ assetId: '999', bps: 500 }] }, 'BAD_INPUT', /#999 does not exist/],
      [{ price: '0' }, 'BAD_INPUT', /more than zero/],
      [{ price: '0.000000000000000001' }, 'BAD_INPUT', /too low/],
      [{ hosts: [{ kind: 'ipfs' }] }, 'BAD_INPUT', /IPFS hosting needs an IPFS gateway: set one in Settings/],
      [{ from: c.addr(5) }, 'NOT_FOUND', /not an account of this wallet/],
      [{ itemId: 'no-such-item' }, 'NOT_FOUND', /./],
    ];
    for (const [over, want, text] of attempts) {
      await expect(s.publisher.plan(input({ itemId: item.id, ...over }))).rejects.toSatisfy(code(want, text));
    }
    s.lock();
    await expect(s.publisher.plan(input({ itemId: item.id }))).rejects.toSatisfy(code('LOCKED'));
    expect(await totalAssets()).toBe(before);
    expect(s.repo.list(31337)).toEqual([]);
    expect(readdirSync(s.dir).includes('market') ? readdirSync(s.blobsDir) : []).toEqual([]);
    await s.close();
  });

  it('content someone else registered is refused before anything is written, naming the asset', async () => {
    const s = await seller(c, tempDir());
    const bytes = randomBytes(500);
    const hash =
      `0x${(await import('node:crypto')).createHash('sha256').update(bytes).digest('hex')}` as const;
    const other = await register(c, 3, { hash });
    const item = await s.add('dup.bin', bytes);
    await expect(s.publisher.plan(input({ itemId: item.id }))).rejects.toSatisfy(
      code('CONFLICT', new RegExp(`already registered as asset #${other}`)),
    );
    expect(s.repo.list(31337)).toEqual([]);
    await s.close();
  });

  it('a stop after register leaves it registered and listed; planning again only offers it', async () => {
    let calls = 0;
    const s = await seller(c, tempDir(), {
      guard: async () => {
        calls += 1;
        if (calls === 2) throw new SahelError('DECLINED', 'declined by the test');
      },
    });
    const item = await s.add('b.bin', randomBytes(3000));
    const plan = await s.publisher.plan(input({ itemId: item.id }));
    await expect(s.publisher.confirm(plan.planId)).rejects.toSatisfy(
      code('DECLINED', /Asset #\d+ is registered but not offered yet.*Publish the same item again/),
    );
    const [row] = await s.publisher.published();
    expect(row).toMatchObject({ state: 'registered', offerId: null });
    const again = await s.publisher.plan(input({ itemId: item.id }));
    expect(again.assetId).toBe(row!.assetId);
    expect(again.steps.map((x) => [x.step, x.estimated])).toEqual([['createOffer', false]]);
    expect(again.metadata.ciphertext.sha256).toBe(`0x${row!.ciphertextSha256}`);
    const done = await s.publisher.confirm(again.planId);
    expect(done).toMatchObject({ assetId: row!.assetId, registerTx: null });
    await expect(s.publisher.plan(input({ itemId: item.id }))).rejects.toSatisfy(
      code('CONFLICT', /already published as asset/),
    );
    await expect(s.publisher.confirm(again.planId)).rejects.toSatisfy(code('NOT_FOUND'));
    await s.close();
  });

  it("the contract's own refusals of a register reach the user as sentences (simulated, nothing sent)", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'tx'));
    const w = world(c, join(dir, 'tx'), { wallet: [1] });
    const taken = await register(c, 3);
    const takenHash = (
      await read<{ contentHash: Hex }>(c, c.registry, AssetRegistry.abi, 'getAsset', [taken])
    ).contentHash;
    const me = c.addr(1);
    const split = (o: Partial<Split>): Split => ({
      contributors: [me],
      bps: [10_000],
      parents: [],
      parentBps: [],
      ...o,
    });
    const cases: [Hex, Split, RegExp][] = [
      [takenHash, split({}), new RegExp(`this content is already registered as asset #${taken}$`)],
      [
        contentHash(),
        split({ bps: [5_000] }),
        /shares add up to 5000 basis points; they must add up to exactly 10,000/,
      ],
      [
        contentHash(),
        split({ parents: [99n], parentBps: [100] }),
        /asset #99 does not exist, so it cannot be a parent/,
      ],
      [
        contentHash(),
        split({ parents: [taken], parentBps: [6_000] }),
        /royalties add up to 6000 basis points; at most 5000/,
      ],
      [
        contentHash(),
        split({ contributors: [me, me], bps: [5_000, 5_000] }),
        /listed twice as a contributor/,
      ],
    ];
    for (const [hash, s, text] of cases) {
      const data = registerCall('dataset', hash, 'data:application/json;base64,e30=', s);
      await expect(w.pipeline.prepare({ from: me, to: c.registry, data })).rejects.toSatisfy(
        code('REVERTED', new RegExp(`The transaction would fail: .*${text.source}`)),
      );
    }
    expect(w.guarded).toEqual([]);
    w.close();
  });

  it('a url location is fetched back and checked before anything goes on chain; the version keeps its ciphertext', async () => {
    const s = await seller(c, tempDir());
    const item = await s.add('c.bin', randomBytes(20_000));
    let serveFile: string | undefined;
    const host = createServer((_req, res) => {
      if (!serveFile) return void res.writeHead(404).end();
      res.end(readFileSync(serveFile));
    });
    await new Promise<void>((r) => host.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(host.address() as AddressInfo).port}/c.age`;
    const hosts = [{ kind: 'url' as const, url }, { kind: 'peer' as const }];
    const before = await totalAssets();

    const first = await s.publisher.plan(input({ itemId: item.id, hosts }));
    expect(first.metadata.ciphertext.locations).toEqual([
      { kind: 'url', url },
      { kind: 'peer', url: s.baseUrl },
    ]);
    await expect(s.publisher.confirm(first.planId)).rejects.toSatisfy(
      code('BAD_INPUT', /answered 404: upload the \.age file/),
    );
    const other = join(s.dir, 'other.age');
    writeFileSync(other, randomBytes(100));
    serveFile = other;
    const second = await s.publisher.plan(input({ itemId: item.id, hosts }));
    expect(second.ciphertextFile).toBe(first.ciphertextFile); // the same version, the same file to upload
    await expect(s.publisher.confirm(second.planId)).rejects.toSatisfy(
      code('BAD_INPUT', /not the \.age file Sahel wrote/),
    );
    expect(await totalAssets()).toBe(before);
    expect((await s.publisher.published()).map((p) => p.state)).toEqual(['prepared']);

    serveFile = first.ciphertextFile;
    const third = await s.publisher.plan(input({ itemId: item.id, hosts }));
    const done = await s.publisher.confirm(third.planId);
    expect(done.ciphertextSha256).toBe(first.metadata.ciphertext.sha256.slice(2));
    expect(await totalAssets()).toBe(before + 1n);
    host.close();
    await s.close();
  });
});
