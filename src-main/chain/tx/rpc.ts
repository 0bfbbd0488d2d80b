import {
  BaseError,
  type Client,
  createPublicClient,
  HttpRequestError,
  http,
  type PublicClient,
  TimeoutError,
} from 'viem';
import { SahelError } from '../../../src-shared/errors.js';
import type { ActiveNetwork } from './ports.js';

const clients = new Map<string, PublicClient>();

/**
 * One viem client per RPC URL. No automatic retries: the pipeline and the cache decide what a failed
 * call means (an outage leaves a pending transaction pending; it never half-applies a cache range).
 */
export function clientFor(network: Pick<ActiveNetwork, 'rpcUrl'>): PublicClient {
  let client = clients.get(network.rpcUrl);
  if (!client) {
    client = createPublicClient({
      transport: http(network.rpcUrl, { retryCount: 0, timeout: 10_000 }),
      cacheTime: 0,
    }) as PublicClient;
    clients.set(network.rpcUrl, client);
  }
  return client;
}

/** The RPC must be the chain the network names; otherwise a signature could be replayed elsewhere. */
export async function assertChainId(client: Client, network: ActiveNetwork): Promise<void> {
  const reported = await rpcCall(() => (client as PublicClient).getChainId());
  if (!Number.isSafeInteger(reported) || reported !== network.chainId) {
    throw new SahelError(
      'CHAIN_MISMATCH',
      `The RPC of ${network.name} reports chain id ${String(reported)}, but the network is configured as ` +
        `${network.chainId}: Sahel will not sign for it`,
    );
  }
}

/** True when the error is the RPC being unreachable (refused, reset, timed out), not an answer. */
export function isOutage(err: unknown): boolean {
  if (!(err instanceof BaseError)) return false;
  return err.walk((e) => e instanceof HttpRequestError || e instanceof TimeoutError) !== null;
}

/** Runs an RPC call, turning an outage into UNAVAILABLE (the message never echoes the RPC's body). */
export async function rpcCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isOutage(err)) throw new SahelError('UNAVAILABLE', 'The chain RPC does not answer; try again later');
    throw err;
  }
}
