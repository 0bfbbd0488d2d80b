// A devnet killed with SIGKILL comes back from its last saved state, which can be older than the
// latest blocks: history must not keep showing as confirmed what the chain has forgotten.
import { join } from 'node:path';
import { type LocalAccount, parseEther } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, describe, expect, it } from 'vitest';
import { Devnet } from '../../../src-main/chain/devnet/devnet.js';
import { TxPipeline } from '../../../src-main/chain/tx/pipeline.js';
import type { ActiveNetwork } from '../../../src-main/chain/tx/ports.js';
import { openDatabase } from '../../../src-main/store/database.js';
import { TxRepo } from '../../../src-main/store/tx-repo.js';
import { silentLogger } from '../../support/logger.js';
import { cast, fileTempDir, until } from './devnet-helpers.js';

const dir = fileTempDir();
const user = privateKeyToAccount(generatePrivateKey());
const to = privateKeyToAccount(generatePrivateKey()).address;
// Saved at start only (the periodic save waits an hour): every block mined here is lost on a kill.
const devnet = new Devnet({
  dir: join(dir, 'devnet'),
  log: silentLogger(),
  accounts: () => [user.address],
  saveIntervalMs: 3_600_000,
});
const db = openDatabase(join(dir, 'sahel.db'));
afterAll(async () => {
  await devnet.stop();
  db.close();
});

async function killAndWaitForRestart(): Promise<void> {
  const pid = devnet.status().pid!;
  process.kill(pid, 'SIGKILL');
  await until(() => devnet.status().state === 'running' && devnet.status().pid !== pid, 30_000);
}

const balanceOf = (rpc: string) => BigInt(cast('balance', '--rpc-url', rpc, to));

describe('history after a devnet restarted from an older state', () => {
  it('an identical resend of a forgotten transaction is sent again, and lost ones are re-broadcast', async () => {
    const run = await devnet.ensureRunning();
    const network: ActiveNetwork = {
      name: 'devnet',
      kind: 'devnet',
      chainId: run.chainId,
      rpcUrl: run.rpcUrl,
      contracts: run.contracts as ActiveNetwork['contracts'],
    };
    const repo = new TxRepo(db);
    const pipeline = new TxPipeline({
      repo,
      signers: { signer: () => user as LocalAccount, addresses: () => [user.address] },
      network: async () => network,
      guard: async () => {},
      pollMs: 50,
    });
    const send = (value: bigint) => pipeline.send({ from: user.address, to, value }, 'user');

    const a = await send(1_000n);
    expect((await pipeline.waitFor(a, 20_000)).status).toBe('confirmed');
    await killAndWaitForRestart();
    expect(run.rpcUrl).toBe(devnet.status().rpcUrl);
    // The chain forgot A; the history still shows it confirmed (nothing has reconciled yet).
    expect(balanceOf(run.rpcUrl)).toBe(0n);
    expect(repo.get(a)!.status).toBe('confirmed');

    // Same nonce (the chain's count is back to it), same fees, same bytes: the same hash. This used to
    // fail as INTERNAL with "UNIQUE constraint failed: chain_txs.hash".
    const again = await send(1_000n);
    expect(again).toBe(a);
    expect((await pipeline.waitFor(a, 20_000)).status).toBe('confirmed');
    expect(balanceOf(run.rpcUrl)).toBe(1_000n);

    const b = await send(7n);
    expect((await pipeline.waitFor(b, 20_000)).status).toBe('confirmed');
    expect(balanceOf(run.rpcUrl)).toBe(1_007n);
    await killAndWaitForRestart();
    expect(balanceOf(run.rpcUrl)).toBe(0n);

    // Both are reopened (latest block first, down to one the chain still has) and sent again from
    // their stored bytes; the chain then holds what the history says.
    expect(await pipeline.tracker.reconcile()).toBe(2);
    expect(repo.get(a)!.status).not.toBe('dropped');
    const [ra, rb] = await Promise.all([pipeline.waitFor(a, 20_000), pipeline.waitFor(b, 20_000)]);
    expect([ra.status, rb.status]).toEqual(['confirmed', 'confirmed']);
    expect(balanceOf(run.rpcUrl)).toBe(1_007n);
    expect(cast('nonce', '--rpc-url', run.rpcUrl, user.address)).toBe('2');

    // Nothing lost now: a reconcile finds every settled transaction on the chain.
    expect(await pipeline.tracker.reconcile()).toBe(0);
    const c = await send(parseEther('0.001'));
    expect(repo.get(c)!.nonce).toBe(2);
    expect((await pipeline.waitFor(c, 20_000)).status).toBe('confirmed');
    pipeline.tracker.stop();
  });
});
