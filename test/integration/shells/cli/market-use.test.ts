// Using what was bought, through core.ts's wiring: one `sahel serve` (its embedded devnet, real anvil,
// the real engine with the tiny GGUF) whose wallet holds a seller and a buyer. A LoRA adapter and the
// tiny model are published with a 90-second licence and bought; with no further command the owner
// receives them, checks their GGUF headers and offers them: `models adapters` lists the adapter, `models
// list` the model as vault-<item>, and `models use` loads it from the vault with the adapter. Once the
// licences end (by the clock), the running model is unloaded saying why, both are labelled "licence
// expired <date>", and a new load is refused with that sentence.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../support/cli.js';
import { loraGguf, loraTargets } from '../../../support/lora-gguf.js';
import { BUYER_KEY, field, ok, SELLER_KEY } from '../../../support/market-cli.js';
import { presetBlobPort } from '../../../support/market-host.js';
import { ROOT, type Served, startServe } from '../../../support/sahel-process.js';

const MODEL = join(ROOT, '..', 'shared', 'models', 'llama-2-tiny-random.gguf');
let dir: string;
let dataDir: string;
let served: Served | undefined;

const sahel = (args: string[]) =>
  runCli(args, { dataDir, env: { SAHEL_PASSPHRASE_FILE: join(dir, 'pass') }, timeoutMs: 120_000 });

/** Polls a CLI command until its stdout matches, for at most `bound` ms (background work is running). */
async function until(args: string[], re: RegExp, bound = 180_000): Promise<string> {
  const end = Date.now() + bound;
  for (;;) {
    const out = ok(await sahel(args)).stdout;
    if (re.test(out) || Date.now() > end) return out;
    await new Promise((r) => setTimeout(r, 500));
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sahel-use-cli-'));
  dataDir = join(dir, 'data');
  writeFileSync(join(dir, 'pass'), 'use cli passphrase, long enough\n', { mode: 0o600 });
  writeFileSync(join(dir, 'seller'), `${SELLER_KEY}\n`, { mode: 0o600 });
  writeFileSync(join(dir, 'buyer'), `${BUYER_KEY}\n`, { mode: 0o600 });
  writeFileSync(join(dir, 'style.gguf'), loraGguf(await loraTargets(MODEL), { magnitude: 2, seed: 3 }));
  writeFileSync(join(dir, 'tiny.gguf'), readFileSync(MODEL));
});

afterAll(async () => {
  await served?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('sahel models, for what was bought', () => {
  it('offers a bought adapter and model, loads them from the vault, and stops them when the licence ends', {
    timeout: 400_000,
  }, async () => {
    ok(await sahel(['vault', 'init']));
    ok(await sahel(['wallet', 'import', '--private-key-file', join(dir, 'seller'), '--name', 'Seller']));
    ok(await sahel(['wallet', 'import', '--private-key-file', join(dir, 'buyer'), '--name', 'Buyer']));
    const seller = privateKeyToAccount(SELLER_KEY).address;
    const buyer = privateKeyToAccount(BUYER_KEY).address;
    // Its own blob port: the default (7417) may be another test's owner, whose listener would answer.
    await presetBlobPort(dataDir);
    served = await startServe(dataDir);
    ok(await sahel(['vault', 'unlock']));
    const buy = async (file: string, kind: string) => {
      const id = field(ok(await sahel(['--json', 'vault', 'add', join(dir, file)])).stdout, 'items[0].id');
      const publish = ['--json', 'market', 'publish', id, '--price', '1', '--title', file, '--kind', kind];
      const published = ok(await sahel([...publish, '--duration', '90s', '--from', seller, '--yes'])).stdout;
      const offerId = field(published, 'offerId');
      ok(await sahel(['--json', 'market', 'buy', offerId, '--from', buyer, '--max-price', '1', '--yes']));
    };
    await buy('style.gguf', 'adapter');
    await buy('tiny.gguf', 'model');
    const received = /"state":"received"[\s\S]*"state":"received"/;
    const licences = await until(['--json', 'market', 'licenses'], received);
    expect(licences).toMatch(received);

    // The owner checked each header and marked them: the adapter among the adapters, the model among models.
    const adapters = await until(['models', 'adapters'], /style\.gguf/, 30_000);
    expect(adapters).toMatch(
      /^ITEM\s+NAME\s+FOR MODEL\s+SIZE\s+STATE\n[0-9a-f]{32}\s+style\.gguf\s+any\s.*usable$/m,
    );
    const adapterId = /^([0-9a-f]{32})\s+style\.gguf/m.exec(adapters)![1]!;
    const listed = await until(['models', 'list'], /vault-[0-9a-f]{32}/, 30_000);
    const modelId = /^(vault-[0-9a-f]{32})\s+ready\s.*\svault\s+tiny\.gguf$/m.exec(listed)?.[1];
    expect(modelId, listed).toBeDefined();

    const used = ok(await sahel(['models', 'use', modelId!, '--context', '256', '--adapter', adapterId]));
    expect(used.stdout).toMatch(/style\.gguf/);
    expect(ok(await sahel(['--json', 'models', 'status'])).stdout).toMatch(/"state":"ready"/);
    expect(ok(await sahel(['vault', 'list'])).stdout).toMatch(/style\.gguf/);

    // The licences end by the clock: the running model is let go, and nothing of them loads again.
    const stopped = await until(['--json', 'models', 'status'], /"state":"stopped"/);
    expect(field(stopped, 'error')).toMatch(/^Unloaded: ".+" has its licence expired \d{4}-\d\d-\d\d\./);
    expect(ok(await sahel(['models', 'adapters'])).stdout).toMatch(
      /style\.gguf\s.*licence expired \d{4}-\d\d-\d\d$/m,
    );
    // The model was bought after the adapter had arrived (buy waits for it): its licence ends a little later.
    const expiredModel = new RegExp(`^${modelId}\\s+licence expired \\d{4}-\\d\\d-\\d\\d\\s`, 'm');
    expect(await until(['models', 'list'], expiredModel, 60_000)).toMatch(expiredModel);
    const refused = await sahel(['models', 'use', modelId!, '--context', '256']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/"tiny\.gguf" cannot be used: its licence expired \d{4}-\d\d-\d\d\./);
    // Still the user's: in the vault, deletable.
    ok(await sahel(['vault', 'rm', adapterId, '--yes']));
  });
});
