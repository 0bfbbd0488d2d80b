import {
  type Chain,
  createPublicClient,
  defineChain,
  http,
  type PublicClient,
  type Transport,
  webSocket,
} from 'viem';
import { RpcUrl } from '../../src-shared/domain/network.js';
import { SahelError } from '../../src-shared/errors.js';

/** How long one RPC request may take before the network counts as unreachable. */
const RPC_TIMEOUT_MS = 8_000;

/**
 * Validates an RPC URL from outside (a CLI flag, a network file, the API): http(s) or ws(s) only,
 * no credentials in it. Returns the normalised URL.
 */
export function parseRpcUrl(value: unknown): string {
  const parsed = RpcUrl.safeParse(value);
  if (!parsed.success) {
    throw new SahelError('BAD_INPUT', 'The RPC URL must be an http(s):// or ws(s):// URL without a password');
  }
  // Kept as the user typed it (trimmed): `new URL()` would add a slash that others' copies lack.
  return parsed.data;
}

/** Where an RPC lives, for messages: scheme, host and port only (paths often carry API keys). */
export function rpcOrigin(rpcUrl: string): string {
  try {
    const url = new URL(rpcUrl);
    return `${url.protocol}//${url.host}`;
  } catch {
    return '(invalid URL)';
  }
}

export function transportFor(rpcUrl: string): Transport {
  const url = parseRpcUrl(rpcUrl);
  return url.startsWith('ws')
    ? webSocket(url, { timeout: RPC_TIMEOUT_MS, retryCount: 1 })
    : http(url, { timeout: RPC_TIMEOUT_MS, retryCount: 1 });
}

/**
 * A viem chain for a configured network; the chain id is ours, the RPC only serves it. The embedded
 * devnet has Multicall3 at its canonical address (devnet/multicall3.ts), so viem's `multicall` works.
 */
export function chainFor(name: string, chainId: number, rpcUrl: string): Chain {
  return defineChain({
    id: chainId,
    name,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
    ...(name === 'devnet' ? { contracts: { multicall3: { address: MULTICALL3_CANONICAL } } } : {}),
  });
}

/** Multicall3's address on nearly every EVM chain; the devnet installs it there. */
export const MULTICALL3_CANONICAL = '0xcA11bde05977b3631167028862bE2a173976CA11' as const;

export function publicClientFor(name: string, chainId: number, rpcUrl: string): PublicClient {
  return createPublicClient({
    chain: chainFor(name, chainId, rpcUrl),
    transport: transportFor(rpcUrl),
    pollingInterval: 250,
  }) as PublicClient;
}

/**
 * Asks the RPC for its chain id and refuses (CHAIN_MISMATCH) when it is not the configured one, so
 * nothing is ever signed for the wrong chain. An RPC that does not answer, or answers nonsense, is
 * UNAVAILABLE.
 */
export async function checkChainId(rpcUrl: string, expected: number): Promise<void> {
  const reported = await rpcChainId(rpcUrl);
  if (reported !== expected) {
    throw new SahelError(
      'CHAIN_MISMATCH',
      `The RPC at ${rpcOrigin(rpcUrl)} serves chain ${reported}, not the configured chain ${expected}`,
    );
  }
}

export async function rpcChainId(rpcUrl: string): Promise<number> {
  const client = createPublicClient({ transport: transportFor(rpcUrl) });
  let id: number;
  try {
    id = await client.getChainId();
  } catch (err) {
    throw unreachable(rpcUrl, err);
  }
  if (!Number.isSafeInteger(id) || id <= 0) {
    throw new SahelError('UNAVAILABLE', `The RPC at ${rpcOrigin(rpcUrl)} reported an invalid chain id`);
  }
  return id;
}

/** An RPC failure as a typed error that names the host only, never the raw response or URL path. */
export function unreachable(rpcUrl: string, err: unknown): SahelError {
  if (SahelError.is(err)) return err;
  const short = (err as { shortMessage?: string })?.shortMessage ?? 'no answer';
  return new SahelError('UNAVAILABLE', `The RPC at ${rpcOrigin(rpcUrl)} failed: ${short.split('\n')[0]}`);
}

/** The latest block of a network, as a health check; a nonsense answer counts as unhealthy. */
export async function latestBlock(name: string, chainId: number, rpcUrl: string): Promise<number> {
  let block: bigint;
  try {
    block = await publicClientFor(name, chainId, rpcUrl).getBlockNumber({ cacheTime: 0 });
  } catch (err) {
    throw unreachable(rpcUrl, err);
  }
  if (block < 0n || block > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new SahelError(
      'UNAVAILABLE',
      `The RPC at ${rpcOrigin(rpcUrl)} reported an impossible block number`,
    );
  }
  return Number(block);
}
