// Two Sahel owners, two data dirs, two `sahel serve` processes on one devnet (the seller's embedded
// anvil, which the buyer's data dir joins through its network file, its faucet funding the buyer): the
// seller publishes, the buyer buys with `sahel market buy`, and with no further command the seller's
// owner delivers and the buyer's owner imports the asset. cast checks the payout; `vault get` the bytes.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../support/cli.js';
import { field, ok, SELLER_KEY, settledLicences } from '../../../support/market-cli.js';
import { presetBlobPort } from '../../../support/market-host.js';
import { type Served, startServe } from '../../../support/sahel-process.js';
import { cast } from '../../chain/tx-fixture.js';

// A key of the buyer's own, with nothing on the devnet: joining it funds the buyer (its faucet top-up).
const BUYER_KEY = '0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc3c44cdddb6a900fa2b585dd2';
let dir: string;
const served: Served[] = [];

const sahel = (dataDir: string, args: string[]) =>
  runCli(args, { dataDir, env: { SAHEL_PASSPHRASE_FILE: join(dir, 'pass') }, timeoutMs: 120_000 });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sahel-two-owners-'));
  writeFileSync(join(dir, 'pass'), 'two owners passphrase, long enough\n', { mode: 0o600 });
  writeFileSync(join(dir, 'seller'), `${SELLER_KEY}\n`, { mode: 0o600 });
  writeFileSync(join(dir, 'buyer'), `${BUYER_KEY}\n`, { mode: 0o600 });
});

afterAll(async () => {
  for (const s of served.reverse()) await s.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('two owners on one devnet', () => {
  it('the buyer buys; the seller delivers and the buyer imports the same bytes with no further command', {
    timeout: 300_000,
  }, async () => {
    const A = join(dir, 'seller-data');
    const B = join(dir, 'buyer-data');
    const seller = privateKeyToAccount(SELLER_KEY).address;
    const buyer = privateKeyToAccount(BUYER_KEY).address;
    ok(await sahel(A, ['vault', 'init']));
    ok(await sahel(A, ['wallet', 'import', '--private-key-file', join(dir, 'seller'), '--name', 'Seller']));
    // Its own blob port: the default (7417) may be another test's owner, whose listener would answer.
    await presetBlobPort(A);
    served.push(await startServe(A));
    ok(await sahel(A, ['vault', 'unlock']));
    const original = randomBytes(8000);
    writeFileSync(join(dir, 'stations.csv'), original);
    const id = field(
      ok(await sahel(A, ['--json', 'vault', 'add', join(dir, 'stations.csv')])).stdout,
      'items[0].id',
    );
    const offerId = field(
      ok(await sahel(A, ['--json', 'market', 'publish', id, '--price', '4', '--title', 'Stations', '--yes']))
        .stdout,
      'offerId',
    );
    const networkFile = join(A, 'devnet', 'network.json');
    const network = JSON.parse(readFileSync(networkFile, 'utf8')) as {
      rpcUrl: string;
      contracts: { paymentToken: string; marketplace: string };
    };

    ok(await sahel(B, ['vault', 'init']));
    ok(await sahel(B, ['wallet', 'import', '--private-key-file', join(dir, 'buyer'), '--name', 'Buyer']));
    ok(await sahel(B, ['network', 'add', 'shared', '--contracts', networkFile]));
    served.push(await startServe(B));
    ok(await sahel(B, ['network', 'use', 'shared']));
    ok(await sahel(B, ['vault', 'unlock']));
    // `network use` came back once the joined devnet's faucet had topped the buyer up: no hand minting.
    expect(
      cast(network.rpcUrl, 'call', network.contracts.paymentToken, 'balanceOf(address)(uint256)', buyer),
    ).toBe((1000n * 10n ** 18n).toString());
    const owedBefore = BigInt(
      cast(
        network.rpcUrl,
        'call',
        network.contracts.marketplace,
        'owed(address,address)(uint256)',
        network.contracts.paymentToken,
        seller,
      ),
    );

    const licenseId = field(
      ok(await sahel(B, ['--json', 'market', 'buy', offerId, '--max-price', '4', '--yes'])).stdout,
      'licenseId',
    );
    const licences = await settledLicences(
      async () => ok(await sahel(B, ['--json', 'market', 'licenses'])).stdout,
    );
    expect(field(licences, 'licenses[0].licenseId')).toBe(licenseId);
    expect(field(licences, 'licenses[0].state')).toBe('received');
    expect(field(ok(await sahel(A, ['--json', 'market', 'sales'])).stdout, 'sales[0].state')).toBe(
      'delivered',
    );

    const out = join(dir, 'received.csv');
    ok(await sahel(B, ['vault', 'get', field(licences, 'licenses[0].itemId'), '-o', out]));
    expect(createHash('sha256').update(readFileSync(out)).digest('hex')).toBe(
      createHash('sha256').update(original).digest('hex'),
    );
    // The seller alone is the contributor: everything but the 2.5% fee is owed to it.
    const owedAfter = BigInt(
      cast(
        network.rpcUrl,
        'call',
        network.contracts.marketplace,
        'owed(address,address)(uint256)',
        network.contracts.paymentToken,
        seller,
      ),
    );
    expect(owedAfter - owedBefore).toBe(4n * 10n ** 18n - (4n * 10n ** 18n * 250n) / 10_000n);
  });
});
