// `sahel market publish` against the built CLI and a running `sahel serve` whose embedded devnet (real
// anvil) holds the chain; its --json output is read by a separate `node -e`, and cast checks the chain.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../support/cli.js';
import { ok, SELLER_KEY } from '../../../support/market-cli.js';
import { presetBlobPort } from '../../../support/market-host.js';
import { type Served, startServe } from '../../../support/sahel-process.js';
import { cast } from '../../chain/tx-fixture.js';

let dir: string;
let dataDir: string;
let served: Served | undefined;

const sahel = (args: string[]) =>
  runCli(args, { dataDir, env: { SAHEL_PASSPHRASE_FILE: join(dir, 'pass') }, timeoutMs: 120_000 });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sahel-publish-cli-'));
  dataDir = join(dir, 'data');
  writeFileSync(join(dir, 'pass'), 'publish cli passphrase, long enough\n', { mode: 0o600 });
  writeFileSync(join(dir, 'key'), `${SELLER_KEY}\n`, { mode: 0o600 });
});

afterAll(async () => {
  await served?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('sahel market publish', () => {
  it('asks for --yes without a terminal; with --yes and --json prints the ids, which node reads; the blob is served', {
    timeout: 300_000,
  }, async () => {
    ok(await sahel(['vault', 'init']));
    ok(await sahel(['wallet', 'import', '--private-key-file', join(dir, 'key'), '--name', 'Main']));
    // The blob listener on a port free now (settings written as the Settings page would).
    const port = await presetBlobPort(dataDir);
    served = await startServe(dataDir);
    ok(await sahel(['vault', 'unlock']));
    const file = join(dir, 'stations.csv');
    const bytes = randomBytes(4096);
    writeFileSync(file, bytes);
    const added = JSON.parse(ok(await sahel(['--json', 'vault', 'add', file])).stdout) as {
      items: { id: string }[];
    };
    const id = added.items[0]!.id;

    // Nothing published yet: no blob listener.
    await expect(fetch(`http://127.0.0.1:${port}/market/blobs/${'a'.repeat(64)}`)).rejects.toThrow();
    const refused = await sahel(['market', 'publish', id, '--price', '3', '--title', 'Stations']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/register on 0x/);
    expect(refused.stderr).toMatch(/needs a confirmation.*--yes/);

    const bad = await sahel([
      'market',
      'publish',
      id,
      '--price',
      '3',
      '--contributor',
      `0x${'1'.repeat(40)}:5000`,
      '--yes',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/add up to 5000 basis points/);
    const usage = await sahel(['market', 'publish', id, '--price', '3', '--duration', '3 days', '--yes']);
    expect(usage.code).toBe(2);

    const out = ok(
      await sahel([
        '--json',
        'market',
        'publish',
        id,
        '--price',
        '3',
        '--title',
        'Stations',
        '--duration',
        '30d',
        '--seats',
        '2',
        '--yes',
      ]),
    ).stdout;
    const read = spawnSync(
      process.execPath,
      [
        '-e',
        "const d=JSON.parse(require('fs').readFileSync(0,'utf8'));process.stdout.write([BigInt(d.assetId), BigInt(d.offerId), d.ciphertextSha256].join(' '))",
      ],
      { input: out, encoding: 'utf8' },
    );
    expect(read.status).toBe(0);
    const [assetId, offerId, sha] = read.stdout.split(' ');
    expect(Number(assetId)).toBeGreaterThan(0);
    expect(Number(offerId)).toBeGreaterThan(0);

    const network = JSON.parse(readFileSync(join(dataDir, 'devnet', 'network.json'), 'utf8')) as {
      rpcUrl: string;
      contracts: { assetRegistry: string; marketplace: string };
    };
    const me = privateKeyToAccount(SELLER_KEY).address;
    expect(
      cast(network.rpcUrl, 'call', network.contracts.assetRegistry, 'ownerOf(uint256)(address)', assetId!),
    ).toBe(me);
    const res = await fetch(`http://127.0.0.1:${port}/market/blobs/${sha}`);
    expect(res.status).toBe(200);
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(bytes.length);

    // A restarted owner serves what was published once its core is open, without a new publish.
    // (`sahel serve` prints its URL before the core is built, so the listener is waited for.)
    await served.stop();
    served = await startServe(dataDir);
    const ranged = () =>
      fetch(`http://127.0.0.1:${port}/market/blobs/${sha}`, { headers: { range: 'bytes=0-9' } }).then(
        (r) => r.status,
        () => 'refused',
      );
    await expect.poll(ranged, { timeout: 60_000 }).toBe(206);
    ok(await sahel(['vault', 'unlock']));
    const again = await sahel(['market', 'publish', id, '--price', '3', '--yes']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(
      new RegExp(`already published as asset #${assetId} \\(offer #${offerId}\\)`),
    );
  });
});
