// Publishing to IPFS with the CLI, end to end: two owners (two data dirs, two `sahel serve`) on the
// seller's embedded devnet (real anvil), and a loopback IPFS gateway (test/support/ipfs-gateway.ts)
// that serves only what was pinned to it from a CAR, exported by the IPFS libraries. The seller's
// `market publish --host ipfs` is refused while the CAR is not pinned, with no transaction sent; once
// the CAR Sahel wrote is pinned, it publishes `ipfs://<CID>` alone; the buyer buys, and with no further
// command the seller delivers and the buyer fetches the ciphertext through the gateway and imports it.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../support/cli.js';
import { startTestGateway, type TestGateway } from '../../../support/ipfs-gateway.js';
import { field, ok, SELLER_KEY, settledLicences } from '../../../support/market-cli.js';
import { presetBlobPort, presetSetting } from '../../../support/market-host.js';
import { type Served, startServe } from '../../../support/sahel-process.js';
import { cast } from '../../chain/tx-fixture.js';

// A buyer key of its own, funded by the joined devnet's faucet.
const BUYER_KEY = '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6';
let dir: string;
let gateway: TestGateway;
const served: Served[] = [];

const sahel = (dataDir: string, args: string[]) =>
  runCli(args, { dataDir, env: { SAHEL_PASSPHRASE_FILE: join(dir, 'pass') }, timeoutMs: 120_000 });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sahel-ipfs-'));
  writeFileSync(join(dir, 'pass'), 'ipfs publishing passphrase, long enough\n', { mode: 0o600 });
  writeFileSync(join(dir, 'seller'), `${SELLER_KEY}\n`, { mode: 0o600 });
  writeFileSync(join(dir, 'buyer'), `${BUYER_KEY}\n`, { mode: 0o600 });
  gateway = await startTestGateway();
});

afterAll(async () => {
  for (const s of served.reverse()) await s.stop();
  await gateway?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sahel market publish --host ipfs', () => {
  it('is refused until the CAR is pinned, then publishes ipfs://<CID>; a buyer receives it through the gateway', {
    timeout: 300_000,
  }, async () => {
    const A = join(dir, 'seller-data');
    const B = join(dir, 'buyer-data');
    const seller = privateKeyToAccount(SELLER_KEY).address;
    ok(await sahel(A, ['vault', 'init']));
    ok(await sahel(A, ['wallet', 'import', '--private-key-file', join(dir, 'seller'), '--name', 'Seller']));
    await presetBlobPort(A);
    presetSetting(A, 'ipfsGateway', gateway.url);
    served.push(await startServe(A));
    ok(await sahel(A, ['vault', 'unlock']));
    ok(await sahel(A, ['network', 'status'])); // starts the devnet: its network file, its RPC
    const networkFile = join(A, 'devnet', 'network.json');
    const { rpcUrl } = JSON.parse(readFileSync(networkFile, 'utf8')) as { rpcUrl: string };
    // Over a megabyte: a DAG of several 256 KiB chunks under a dag-pb root.
    const original = randomBytes(1_500_000);
    writeFileSync(join(dir, 'stations.csv'), original);
    const id = field(
      ok(await sahel(A, ['--json', 'vault', 'add', join(dir, 'stations.csv')])).stdout,
      'items[0].id',
    );
    const publish = [
      'market',
      'publish',
      id,
      '--price',
      '4',
      '--title',
      'Stations',
      '--host',
      'ipfs',
      '--yes',
    ];

    const nonce = cast(rpcUrl, 'nonce', seller);
    const refused = await sahel(A, publish);
    expect(refused.code).toBe(1);
    const [, cid, car] =
      /IPFS: pin the CAR of ipfs:\/\/(b[a-z2-7]+) before confirming: (\S+\.car)/.exec(refused.stderr) ?? [];
    expect(refused.stderr).toMatch(/ipfs dag import/);
    expect(refused.stderr).toMatch(
      new RegExp(
        `ipfs://${cid} is not reachable through 127\\.0\\.0\\.1:\\d+ yet \\(it answered 404\\): pin `,
      ),
    );
    expect(cast(rpcUrl, 'nonce', seller)).toBe(nonce); // nothing was sent

    expect(await gateway.pin(car as string)).toEqual([cid]);
    const out = ok(await sahel(A, ['--json', ...publish])).stdout;
    const offerId = field(out, 'offerId');
    const assetId = field(out, 'assetId');
    const shown = ok(await sahel(A, ['--json', 'market', 'show', assetId])).stdout;
    expect(shown).toContain(`ipfs://${cid}`);

    ok(await sahel(B, ['vault', 'init']));
    ok(await sahel(B, ['wallet', 'import', '--private-key-file', join(dir, 'buyer'), '--name', 'Buyer']));
    ok(await sahel(B, ['network', 'add', 'shared', '--contracts', networkFile]));
    presetSetting(B, 'ipfsGateway', gateway.url);
    served.push(await startServe(B));
    ok(await sahel(B, ['network', 'use', 'shared']));
    ok(await sahel(B, ['vault', 'unlock']));
    const asked = gateway.asked.length;
    const licenseId = field(
      ok(await sahel(B, ['--json', 'market', 'buy', offerId, '--max-price', '4', '--yes'])).stdout,
      'licenseId',
    );
    const licences = await settledLicences(
      async () => ok(await sahel(B, ['--json', 'market', 'licenses'])).stdout,
    );
    expect(field(licences, 'licenses[0].licenseId')).toBe(licenseId);
    expect(field(licences, 'licenses[0].state')).toBe('received');
    // The buyer's copy came through the gateway: its only location.
    expect(gateway.asked.slice(asked)).toContain(`/ipfs/${cid}`);
    const got = join(dir, 'received.csv');
    ok(await sahel(B, ['vault', 'get', field(licences, 'licenses[0].itemId'), '-o', got]));
    expect(createHash('sha256').update(readFileSync(got)).digest('hex')).toBe(
      createHash('sha256').update(original).digest('hex'),
    );
  });
});
