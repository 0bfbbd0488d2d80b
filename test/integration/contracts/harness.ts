// Shared setup for the contract tests: anvil, viem clients, deployment from the shipped artifacts,
// snapshots between tests, and helpers for calls, transactions and reverts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Abi,
  type Address,
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createTestClient,
  createWalletClient,
  getAddress,
  type Hex,
  http,
  type PublicClient,
  parseEventLogs,
  type TransactionReceipt,
  type WalletClient,
} from 'viem';
import type { HDAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { deployContracts } from '../../../src-main/chain/deploy.js';
import { type Anvil, startAnvil } from '../../support/anvil.js';

export const ROOT = join(import.meta.dirname, '..', '..', '..');

export interface Artifact {
  contractName: string;
  abi: Abi;
  bytecode: Hex;
  deployedBytecode: Hex;
  solcVersion: string;
  sourceHash: string;
}

export function loadArtifact(name: 'PaymentToken' | 'AssetRegistry' | 'Marketplace'): Artifact {
  return JSON.parse(readFileSync(join(ROOT, 'resources', 'contracts', `${name}.json`), 'utf8')) as Artifact;
}

export const PaymentToken = loadArtifact('PaymentToken');
export const AssetRegistry = loadArtifact('AssetRegistry');
export const Marketplace = loadArtifact('Marketplace');

export const KIND = { Dataset: 0, Model: 1, Adapter: 2, Agent: 3, Prompt: 4 } as const;
export const STATUS = { None: 0, Escrowed: 1, Delivered: 2, Refunded: 3 } as const;
export const E18 = 10n ** 18n;
export const FEE_BPS = 250;
export const DELIVERY_WINDOW = 3600n;
export const PUBKEY = `0x${'ab'.repeat(32)}` as Hex;

export interface Chain {
  anvil: Anvil;
  /** 31337 (anvil's, a devnet to the app) unless the file asked for another. */
  chainId: number;
  pub: PublicClient;
  test: ReturnType<typeof createTestClient>;
  accounts: HDAccount[];
  wallet: (i: number) => WalletClient;
  addr: (i: number) => Address;
  token: Address;
  registry: Address;
  market: Address;
  /** Account 0 deploys and administers; account 9 receives the platform fee. */
  admin: Address;
  feeRecipient: Address;
}

export async function deploy(
  c: Pick<Chain, 'pub' | 'wallet'>,
  from: number,
  artifact: { abi: Abi; bytecode: Hex },
  args: readonly unknown[],
): Promise<Address> {
  const hash = await c.wallet(from).deployContract({
    abi: artifact.abi,
    bytecode: artifact.bytecode,
    args,
    account: c.wallet(from).account!,
    chain: c.wallet(from).chain,
  });
  const receipt = await c.pub.waitForTransactionReceipt({ hash, pollingInterval: 20 });
  if (receipt.status !== 'success' || !receipt.contractAddress) throw new Error(`deploy failed`);
  return getAddress(receipt.contractAddress);
}

/**
 * Starts anvil and deploys PaymentToken (mintable), AssetRegistry and Marketplace (fee 2.5%, 1 h window).
 * `chainId` other than 31337 makes the chain look like a real network to the app (isDevnet is false).
 */
export async function setupChain(chainId: number = foundry.id): Promise<Chain> {
  const anvil = await startAnvil({ accounts: 10, chainId });
  const chain = { ...foundry, id: chainId };
  const transport = http(anvil.rpcUrl);
  const pub = createPublicClient({ chain, transport, pollingInterval: 20 }) as PublicClient;
  const test = createTestClient({ chain, mode: 'anvil', transport });
  const wallets = anvil.accounts.map((account) => createWalletClient({ account, chain, transport }));
  const wallet = (i: number) => wallets[i]!;
  const addr = (i: number) => anvil.accounts[i]!.address;
  const admin = addr(0);
  const feeRecipient = addr(9);
  // The app's own deployment (src-main/chain/deploy.ts): the three contracts, the token allowed.
  const deployed = await deployContracts({
    name: 'anvil',
    rpcUrl: anvil.rpcUrl,
    chainId,
    account: anvil.accounts[0]!,
    mintable: true,
    feeRecipient,
    feeBps: FEE_BPS,
    deliveryWindowSeconds: DELIVERY_WINDOW,
    tokenName: 'Sahel Test Token',
    tokenSymbol: 'SAHT',
  });
  const token = deployed.paymentToken as Address;
  const registry = deployed.assetRegistry as Address;
  const market = deployed.marketplace as Address;
  const c: Chain = {
    anvil,
    chainId,
    pub,
    test,
    accounts: anvil.accounts,
    wallet,
    addr,
    token,
    registry,
    market,
    admin,
    feeRecipient,
  };
  return c;
}

export async function read<T = unknown>(
  c: Pick<Chain, 'pub'>,
  address: Address,
  abi: Abi,
  functionName: string,
  args: readonly unknown[] = [],
): Promise<T> {
  return (await c.pub.readContract({ address, abi, functionName, args })) as T;
}

export interface Sent<T = unknown> {
  result: T;
  receipt: TransactionReceipt;
}

/** Simulates then sends a call from account `from`, waits for the receipt and returns the simulated result. */
export async function send<T = unknown>(
  c: Pick<Chain, 'pub' | 'wallet'>,
  from: number,
  address: Address,
  abi: Abi,
  functionName: string,
  args: readonly unknown[] = [],
): Promise<Sent<T>> {
  const w = c.wallet(from);
  const { request, result } = await c.pub.simulateContract({
    address,
    abi,
    functionName,
    args,
    account: w.account!,
  });
  const hash = await w.writeContract(request as Parameters<WalletClient['writeContract']>[0]);
  const receipt = await c.pub.waitForTransactionReceipt({ hash, pollingInterval: 20 });
  if (receipt.status !== 'success') throw new Error(`${functionName} reverted on chain`);
  return { result: result as T, receipt };
}

/** The custom error name (and args) a call reverted with, or undefined if it did not revert that way. */
export async function revertOf(
  p: Promise<unknown>,
): Promise<{ errorName: string; args: readonly unknown[] } | undefined> {
  try {
    await p;
  } catch (err) {
    if (err instanceof BaseError) {
      const revert = err.walk((e) => e instanceof ContractFunctionRevertedError);
      if (revert instanceof ContractFunctionRevertedError) {
        return {
          errorName: revert.data?.errorName ?? revert.reason ?? 'unknown',
          args: revert.data?.args ?? [],
        };
      }
    }
    throw err;
  }
  return undefined;
}

/** Decoded logs of `abi` with `eventName` in a receipt. */
export function events<T = Record<string, unknown>>(
  receipt: TransactionReceipt,
  abi: Abi,
  eventName: string,
): T[] {
  return parseEventLogs({ abi, logs: receipt.logs, eventName }).map(
    (l) => (l as unknown as { args: T }).args,
  );
}

export async function snapshot(c: Chain): Promise<Hex> {
  return c.test.snapshot();
}

export async function restore(c: Chain, id: Hex): Promise<void> {
  await c.test.revert({ id });
}

/**
 * One anvil per test file, deployed once; every test starts from that state (snapshot before, revert
 * after). `use` receives the chain once it is up.
 */
export function useChain(use: (c: Chain) => void, chainId?: number): void {
  let chain: Chain | undefined;
  let snap: Hex;
  beforeAll(async () => {
    chain = await setupChain(chainId);
    use(chain);
  });
  afterAll(async () => {
    await chain?.anvil.stop();
  });
  beforeEach(async () => {
    snap = await snapshot(chain!);
  });
  afterEach(async () => {
    await restore(chain!, snap);
  });
}

export async function increaseTime(c: Chain, seconds: bigint): Promise<void> {
  await c.test.increaseTime({ seconds: Number(seconds) });
  await c.test.mine({ blocks: 1 });
}

export async function now(c: Chain): Promise<bigint> {
  return (await c.pub.getBlock()).timestamp;
}

let contentCounter = 0;
/** A fresh, unique content hash. */
export function contentHash(): Hex {
  contentCounter += 1;
  return `0x${contentCounter.toString(16).padStart(64, '0')}` as Hex;
}

export interface RegisterArgs {
  kind?: number;
  hash?: Hex;
  uri?: string;
  contributors?: Address[];
  bps?: number[];
  parents?: bigint[];
  parentBps?: number[];
}

/** Registers an asset from account `from` (by default: sole contributor `from`) and returns its id. */
export async function register(c: Chain, from: number, a: RegisterArgs = {}): Promise<bigint> {
  const { result } = await send<bigint>(
    c,
    from,
    c.registry,
    AssetRegistry.abi,
    'register',
    registerArgs(c, from, a),
  );
  return result;
}

export function registerArgs(c: Chain, from: number, a: RegisterArgs = {}): readonly unknown[] {
  return [
    a.kind ?? KIND.Dataset,
    a.hash ?? contentHash(),
    a.uri ?? 'ipfs://meta',
    a.contributors ?? [c.addr(from)],
    a.bps ?? [10_000],
    a.parents ?? [],
    a.parentBps ?? [],
  ];
}

export interface Terms {
  token: Address;
  price: bigint;
  commercialUse: boolean;
  derivativesAllowed: boolean;
  duration: bigint;
  maxLicenses: number;
}

export function terms(c: Chain, t: Partial<Terms> = {}): Terms {
  return {
    token: c.token,
    price: 100n * E18,
    commercialUse: true,
    derivativesAllowed: false,
    duration: 0n,
    maxLicenses: 0,
    ...t,
  };
}

export async function createOffer(
  c: Chain,
  from: number,
  assetId: bigint,
  t: Partial<Terms> = {},
  expiresAt = 0n,
) {
  const { result } = await send<bigint>(c, from, c.market, Marketplace.abi, 'createOffer', [
    assetId,
    terms(c, t),
    expiresAt,
  ]);
  return result;
}

/** Mints `amount` to account `to` and approves the market for it. */
export async function fund(c: Chain, to: number, amount: bigint, token: Address = c.token): Promise<void> {
  await send(c, 0, token, PaymentToken.abi, 'mint', [c.addr(to), amount]);
  await send(c, to, token, PaymentToken.abi, 'approve', [c.market, amount]);
}

export async function balanceOf(c: Chain, account: Address, token: Address = c.token): Promise<bigint> {
  return read<bigint>(c, token, PaymentToken.abi, 'balanceOf', [account]);
}

export async function owed(c: Chain, account: Address, token: Address = c.token): Promise<bigint> {
  return read<bigint>(c, c.market, Marketplace.abi, 'owed', [token, account]);
}

export async function buy(
  c: Chain,
  from: number,
  offerId: bigint,
  maxPrice: bigint,
  token: Address = c.token,
) {
  return send<bigint>(c, from, c.market, Marketplace.abi, 'buy', [offerId, maxPrice, token, PUBKEY]);
}
