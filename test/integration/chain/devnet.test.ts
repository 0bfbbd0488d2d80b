import { readFileSync, statSync } from 'node:fs';
import {
  type Address,
  createWalletClient,
  encodeFunctionData,
  erc20Abi,
  http,
  keccak256,
  parseEther,
} from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, describe, expect, it } from 'vitest';
import { abis } from '../../../src-main/chain/contracts/artifacts.js';
import { Devnet, devAccount, devnetFiles } from '../../../src-main/chain/devnet/devnet.js';
import { chainFor, publicClientFor } from '../../../src-main/chain/networks-rpc.js';
import { FAUCET } from '../../../src-main/chain/seed.js';
import { DEMO_ASSETS, demoContentHash } from '../../../src-main/market/demo/demo-assets.js';
import { demoMarket } from '../../../src-main/market/demo/demo-seller.js';
import { AssetMetadata } from '../../../src-shared/domain/asset-metadata.js';
import { SahelError } from '../../../src-shared/errors.js';
import { silentLogger } from '../../support/logger.js';
import { cast, fileTempDir, until } from './devnet-helpers.js';

const dir = fileTempDir();
const user = privateKeyToAccount(generatePrivateKey());
const other = privateKeyToAccount(generatePrivateKey()).address;
const devnets: Devnet[] = [];
afterAll(async () => {
  for (const d of devnets) await d.stop();
});

function devnet(): Devnet {
  const d = new Devnet({
    dir,
    log: silentLogger(),
    accounts: () => [user.address],
    demo: demoMarket(silentLogger()),
    saveIntervalMs: 100,
  });
  devnets.push(d);
  return d;
}

const tokenBalance = (rpc: string, token: string, who: Address) =>
  BigInt(cast('call', '--rpc-url', rpc, token, 'balanceOf(address)(uint256)', who).split(' ')[0]!);

describe('embedded devnet', () => {
  let first: Devnet;
  let rpc: string;
  let contracts: { paymentToken: Address; assetRegistry: Address; marketplace: Address };

  it('cold start deploys the contracts, seeds the demo market and funds the user (checked with cast)', async () => {
    first = devnet();
    const run = await first.ensureRunning();
    rpc = run.rpcUrl;
    contracts = run.contracts as typeof contracts;
    expect(run.chainId).toBe(31337);
    expect(cast('chain-id', '--rpc-url', rpc)).toBe('31337');
    // The network file others join with is private to this user, like the rest of the data dir.
    expect(statSync(devnetFiles(dir).network).mode & 0o777).toBe(0o600);

    expect(tokenBalance(rpc, contracts.paymentToken, user.address)).toBe(FAUCET.tokens);
    expect(BigInt(cast('balance', '--rpc-url', rpc, user.address))).toBe(FAUCET.ether);

    // The second demo asset derives from the first: cast reads its registry record independently.
    const hash = demoContentHash(DEMO_ASSETS[1]!);
    const id = cast(
      'call',
      '--rpc-url',
      rpc,
      contracts.assetRegistry,
      'assetIdByContentHash(bytes32)(uint256)',
      hash,
    );
    expect(id).toBe('2');
    const asset = cast(
      'call',
      '--rpc-url',
      rpc,
      contracts.assetRegistry,
      'getAsset(uint256)((uint8,uint64,address,bytes32,string))',
      '2',
    );
    expect(asset).toContain(`1, `); // Kind.Model
    expect(asset.toLowerCase()).toContain(devAccount(1).address.toLowerCase());
    expect(asset).toContain(hash);
    // Its metadata is a v1 document, the ciphertext inline: the listing is whole on the chain alone.
    const uri = /data:application\/json;base64,([A-Za-z0-9+/=]+)/.exec(asset)?.[1];
    const meta = AssetMetadata.parse(JSON.parse(Buffer.from(uri ?? '', 'base64').toString('utf8')));
    expect(meta).toMatchObject({ title: DEMO_ASSETS[1]!.title, kind: 'model' });
    expect(meta.ciphertext.locations).toEqual([{ kind: 'inline', base64: expect.any(String) }]);
    const lineage = cast(
      'call',
      '--rpc-url',
      rpc,
      contracts.assetRegistry,
      'parentsOf(uint256)(uint256[],uint16[])',
      '2',
    );
    expect(lineage.split('\n')).toEqual(['[1]', '[1000]']);
    const contributors = cast(
      'call',
      '--rpc-url',
      rpc,
      contracts.assetRegistry,
      'contributorsOf(uint256)(address[],uint16[])',
      '3',
    );
    expect(contributors.split('\n')[1]).toBe('[5000, 3000, 2000]');
    // One live offer per demo asset, in the payment token, buyable now.
    expect(cast('call', '--rpc-url', rpc, contracts.marketplace, 'offerCount()(uint256)')).toBe(
      String(DEMO_ASSETS.length),
    );
    expect(cast('call', '--rpc-url', rpc, contracts.marketplace, 'isOfferLive(uint256)(bool)', '1')).toBe(
      'true',
    );
    // The network file another data dir joins with.
    const file = JSON.parse(readFileSync(devnetFiles(dir).network, 'utf8'));
    expect(file).toMatchObject({
      format: 'sahel-network/1',
      kind: 'devnet',
      rpcUrl: rpc,
      chainId: 31337,
      contracts,
    });
  });

  it("viem's multicall works on the devnet: Multicall3 at its canonical address, with the published code", async () => {
    const code = cast('code', '--rpc-url', rpc, '0xcA11bde05977b3631167028862bE2a173976CA11');
    expect(keccak256(code as `0x${string}`)).toBe(
      '0xd5c15df687b16f2ff992fc8d767b4216323184a2bbc6ee2f9c398c318e770891',
    );
    const client = publicClientFor('devnet', 31337, rpc);
    const token = { address: contracts.paymentToken, abi: erc20Abi } as const;
    const results = await client.multicall({
      contracts: [
        { ...token, functionName: 'symbol' },
        { ...token, functionName: 'balanceOf', args: [user.address] },
        { ...token, functionName: 'decimals' },
      ],
      allowFailure: false,
    });
    expect(results).toEqual([
      cast('call', '--rpc-url', rpc, contracts.paymentToken, 'symbol()(string)').replaceAll('"', ''),
      FAUCET.tokens,
      18,
    ]);
  });

  it('restart keeps balances and contract addresses, without redeploying or re-funding', async () => {
    const wallet = createWalletClient({
      account: user,
      chain: chainFor('devnet', 31337, rpc),
      transport: http(rpc),
    });
    const data = encodeFunctionData({
      abi: abis.paymentToken(),
      functionName: 'transfer',
      args: [other, parseEther('7')],
    });
    await wallet.sendTransaction({ to: contracts.paymentToken, data });
    await until(() => tokenBalance(rpc, contracts.paymentToken, other) === parseEther('7'));
    const faucetNonce = cast('nonce', '--rpc-url', rpc, devAccount(0).address);
    await first.stop();
    expect(first.status().state).toBe('stopped');

    const second = devnet();
    const run = await second.ensureRunning();
    expect(run.contracts).toEqual(contracts);
    expect(tokenBalance(run.rpcUrl, contracts.paymentToken, other)).toBe(parseEther('7'));
    expect(tokenBalance(run.rpcUrl, contracts.paymentToken, user.address)).toBe(
      FAUCET.tokens - parseEther('7'),
    );
    expect(cast('nonce', '--rpc-url', run.rpcUrl, devAccount(0).address)).toBe(faucetNonce);
    rpc = run.rpcUrl;
    first = second;
  });

  it('anvil killed: the devnet answers UNAVAILABLE, restarts from its saved state on the same port', async () => {
    const before = first.status();
    const pid = before.pid!;
    const block = Number(cast('block-number', '--rpc-url', rpc));
    await until(() => {
      // The saver has written the latest block: the state on disk is current.
      const saved = JSON.parse(readFileSync(devnetFiles(dir).state, 'utf8')) as { block: { number: string } };
      return Number(saved.block.number) === block;
    });
    process.kill(pid, 'SIGKILL');
    await until(() => first.status().state === 'restarting');
    const err = await first.ensureRunning().catch((e: unknown) => e);
    expect(SahelError.is(err) && err.code).toBe('UNAVAILABLE');
    await until(() => first.status().state === 'running');
    const after = first.status();
    expect(after.restarts).toBe(1);
    expect(after.pid).not.toBe(pid);
    expect(after.rpcUrl).toBe(rpc);
    expect(tokenBalance(rpc, contracts.paymentToken, other)).toBe(parseEther('7'));
  });
});
