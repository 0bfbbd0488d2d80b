import { z } from 'zod';

/** An EVM address as the API carries it: 0x and 40 hex digits (checksummed by the owner). */
export const Address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'an address (0x and 40 hex digits)');

/** Names a network: short, printable, usable as a CLI argument. `devnet` is the built-in one. */
export const NetworkName = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9][a-z0-9._-]*$/i, 'letters, digits, dot, dash and underscore');

export const ChainId = z
  .number()
  .int()
  .min(1)
  .max(2 ** 53 - 1);

/**
 * An RPC endpoint. Only http(s) and ws(s) are accepted, without credentials in the URL (they would
 * end up in logs and lists); anything else is refused before Sahel connects.
 */
export const RpcUrl = z
  .string()
  .trim()
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      return ['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol) && !url.username && !url.password;
    } catch {
      return false;
    }
  }, 'an http(s):// or ws(s):// URL without user or password');

export const ContractAddresses = z.object({
  paymentToken: Address,
  assetRegistry: Address,
  marketplace: Address,
});
export type ContractAddresses = z.infer<typeof ContractAddresses>;

export const NetworkKind = z.enum(['devnet', 'rpc']);
export type NetworkKind = z.infer<typeof NetworkKind>;

/** A network as configured. `contracts` is null until they are deployed or named. */
export const NetworkInfo = z.object({
  name: NetworkName,
  kind: NetworkKind,
  chainId: ChainId,
  /** Null for the embedded devnet while it is not running (its port is picked at start). */
  rpcUrl: z.string().nullable(),
  contracts: ContractAddresses.nullable(),
  active: z.boolean(),
});
export type NetworkInfo = z.infer<typeof NetworkInfo>;

/** The active network, checked against its RPC just now. */
export const ActiveNetworkStatus = NetworkInfo.extend({
  blockNumber: z.number().int().nonnegative().nullable(),
  healthy: z.boolean(),
  /** Why it is not healthy (RPC down, chain id mismatch, devnet restarting), for people. */
  problem: z.string().nullable(),
});
export type ActiveNetworkStatus = z.infer<typeof ActiveNetworkStatus>;

export const DevnetState = z.enum(['stopped', 'starting', 'running', 'restarting', 'failed']);
export type DevnetState = z.infer<typeof DevnetState>;

export const DevnetStatus = z.object({
  state: DevnetState,
  rpcUrl: z.string().nullable(),
  chainId: ChainId,
  pid: z.number().int().nullable(),
  contracts: ContractAddresses.nullable(),
  /** Restarts after a crash since the owner started it. */
  restarts: z.number().int().nonnegative(),
  error: z.string().nullable(),
});
export type DevnetStatus = z.infer<typeof DevnetStatus>;

/**
 * The file `sahel devnet start` writes so another data dir can join (`sahel network add --from-file`
 * or `--contracts`): everything needed to talk to the chain, nothing secret. `kind: 'devnet'` asks the
 * joiner to top its wallet up from the devnet's faucet; it is a claim only, honoured when the chain id
 * is also the devnet's (see Networks.fundJoinedDevnet). Files written before it have no kind.
 */
export const NetworkFile = z.object({
  format: z.literal('sahel-network/1'),
  name: NetworkName,
  kind: NetworkKind.optional(),
  rpcUrl: RpcUrl,
  chainId: ChainId,
  contracts: ContractAddresses,
});
export type NetworkFile = z.infer<typeof NetworkFile>;
