import { join } from 'node:path';
import type { Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Devnet, devnetFiles } from '../../../src-main/chain/devnet/devnet.js';
import { readNetworkFile } from '../../../src-main/chain/devnet/files.js';
import { type DeploySigners, Networks } from '../../../src-main/chain/networks.js';
import { openDatabase } from '../../../src-main/store/database.js';
import { NetworksRepo } from '../../../src-main/store/networks-repo.js';
import { SahelError } from '../../../src-shared/errors.js';
import { type Anvil, startAnvil } from '../../support/anvil.js';
import { silentLogger } from '../../support/logger.js';
import { cast, fileTempDir } from './devnet-helpers.js';

const root = fileTempDir('sahel-networks-');
const closers: (() => unknown)[] = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

/** A data dir's networks, as core builds them: its own database and its own (unstarted) devnet. */
function dataDir(name: string, signers?: DeploySigners, onChange?: (name: string) => void): Networks {
  const db = openDatabase(join(root, `${name}.db`));
  const devnet = new Devnet({ dir: join(root, name, 'devnet'), log: silentLogger(), accounts: () => [] });
  closers.push(
    () => db.close(),
    () => devnet.stop(),
  );
  return new Networks({
    repo: new NetworksRepo(db),
    devnet,
    ...(signers ? { signers: () => signers } : {}),
    ...(onChange ? { onChange: (info) => onChange(info.name) } : {}),
  });
}

async function errorCode(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    return SahelError.is(err) ? err.code : `untyped: ${String(err)}`;
  }
  return 'no error';
}

describe('networks', () => {
  let bare: Anvil;
  beforeAll(async () => {
    bare = await startAnvil({ accounts: 2 });
    closers.push(() => bare.stop());
  });

  it('two data dirs use one devnet: the second joins through the network file the first wrote', async () => {
    const a = dataDir('alice');
    const alice = await a.active();
    expect(alice.kind).toBe('devnet');
    const file = readNetworkFile(devnetFiles(join(root, 'alice', 'devnet')).network);
    expect(file?.rpcUrl).toBe(alice.rpcUrl);

    const events: string[] = [];
    const bob = dataDir('bob', undefined, (name) => events.push(name));
    await bob.add({
      name: 'alice-devnet',
      rpcUrl: file!.rpcUrl,
      chainId: file!.chainId,
      contracts: file!.contracts,
    });
    bob.use('alice-devnet');
    expect(events).toEqual(['alice-devnet']);
    const joined = await bob.active();
    expect(joined).toMatchObject({
      name: 'alice-devnet',
      kind: 'rpc',
      rpcUrl: alice.rpcUrl,
      contracts: alice.contracts,
    });
    const status = await bob.activeStatus();
    expect(status.healthy).toBe(true);
    expect(status.blockNumber).toBe(Number(cast('block-number', '--rpc-url', alice.rpcUrl)));
    expect(bob.list().map((n) => [n.name, n.active])).toEqual([
      ['devnet', false],
      ['alice-devnet', true],
    ]);
    // Bob's own devnet was never started: joining cost no second anvil.
    expect(bob.devnetStatus().state).toBe('stopped');
  });

  it('refuses a network whose RPC reports another chain id (CHAIN_MISMATCH), storing nothing', async () => {
    const n = dataDir('carol');
    expect(await errorCode(n.add({ name: 'wrong', rpcUrl: bare.rpcUrl, chainId: 1, contracts: null }))).toBe(
      'CHAIN_MISMATCH',
    );
    expect(n.list().map((x) => x.name)).toEqual(['devnet']);
  });

  it('refuses to hand out a network whose RPC changed chain since it was added', async () => {
    const db = openDatabase(join(root, 'dave.db'));
    closers.push(() => db.close());
    const repo = new NetworksRepo(db);
    // As if the endpoint had been repointed at another chain after it was added.
    repo.insert({ name: 'moved', chainId: 5, rpcUrl: bare.rpcUrl, contracts: null });
    const devnet = new Devnet({ dir: join(root, 'dave'), log: silentLogger(), accounts: () => [] });
    const n = new Networks({ repo, devnet });
    n.use('moved');
    expect(await errorCode(n.active())).toBe('CHAIN_MISMATCH');
    const status = await n.activeStatus();
    expect(status).toMatchObject({ name: 'moved', healthy: false, blockNumber: null });
    expect(status.problem).toMatch(/chain 31337, not the configured chain 5/);
  });

  it('refuses bad RPC URLs (BAD_INPUT) and unreachable ones (UNAVAILABLE), the name devnet, and duplicates', async () => {
    const n = dataDir('erin');
    for (const rpcUrl of ['file:///etc/passwd', 'http://me:secret@127.0.0.1:8545', 'gopher://x'])
      expect(await errorCode(n.add({ name: 'x', rpcUrl, chainId: 31337, contracts: null }))).toBe(
        'BAD_INPUT',
      );
    expect(
      await errorCode(n.add({ name: 'x', rpcUrl: 'http://127.0.0.1:1', chainId: 31337, contracts: null })),
    ).toBe('UNAVAILABLE');
    expect(
      await errorCode(n.add({ name: 'DevNet', rpcUrl: bare.rpcUrl, chainId: 31337, contracts: null })),
    ).toBe('CONFLICT');
    await n.add({ name: 'local', rpcUrl: bare.rpcUrl, chainId: 31337, contracts: null });
    expect(
      await errorCode(n.add({ name: 'LOCAL', rpcUrl: bare.rpcUrl, chainId: 31337, contracts: null })),
    ).toBe('CONFLICT');
    expect(await errorCode(() => n.use('nowhere'))).toBe('NOT_FOUND');
    expect(await errorCode(() => n.remove('devnet'))).toBe('CONFLICT');
  });

  it("contracts deploy on an added network with the user's signer, recorded and checked with cast", async () => {
    const account = bare.accounts[1]!;
    const signers: DeploySigners = {
      signer: (address: Address) => {
        if (address !== account.address) throw new Error('unknown account');
        return account;
      },
      addresses: () => [account.address],
    };
    const n = dataDir('frank', signers);
    await n.add({ name: 'bare', rpcUrl: bare.rpcUrl, chainId: 31337, contracts: null });
    n.use('bare');
    expect(await errorCode(n.active())).toBe('CONFLICT'); // no contracts yet
    const info = await n.deploy('bare');
    const net = await n.active();
    expect(net.contracts).toEqual(info.contracts);
    const { paymentToken, marketplace, assetRegistry } = net.contracts;
    expect(cast('call', '--rpc-url', bare.rpcUrl, paymentToken, 'mintable()(bool)')).toBe('false');
    expect(
      cast('call', '--rpc-url', bare.rpcUrl, marketplace, 'tokenAllowed(address)(bool)', paymentToken),
    ).toBe('true');
    expect(cast('call', '--rpc-url', bare.rpcUrl, marketplace, 'owner()(address)')).toBe(account.address);
    expect(cast('call', '--rpc-url', bare.rpcUrl, marketplace, 'registry()(address)')).toBe(assetRegistry);
    // Without a wallet there is no deploying.
    const m = dataDir('gina');
    await m.add({ name: 'bare', rpcUrl: bare.rpcUrl, chainId: 31337, contracts: null });
    expect(await errorCode(m.deploy('bare'))).toBe('LOCKED');
  });
});
