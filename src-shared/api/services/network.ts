import { z } from 'zod';
import {
  ActiveNetworkStatus,
  Address,
  ChainId,
  ContractAddresses,
  DevnetStatus,
  NetworkInfo,
  NetworkName,
  RpcUrl,
} from '../../domain/network.js';
import { procedure } from '../define.js';
import { NoInput } from './app.js';

export const networkService = {
  list: procedure(
    NoInput,
    z.object({ networks: z.array(NetworkInfo) }),
    'Configured networks; the embedded devnet is always there.',
  ),
  active: procedure(
    NoInput,
    ActiveNetworkStatus,
    'The network in use, with its block number and health (starts the devnet if it is the one).',
  ),
  add: procedure(
    z.strictObject({
      name: NetworkName,
      rpcUrl: RpcUrl,
      chainId: ChainId,
      contracts: ContractAddresses.nullable().default(null),
      /** A network file said `kind: devnet`: its faucet tops the wallet up (only if the chain id is the devnet's). */
      devnet: z.boolean().default(false),
    }),
    NetworkInfo,
    'Adds an EVM network by RPC URL; its chain id is checked against the RPC first.',
  ),
  use: procedure(z.strictObject({ name: NetworkName }), NetworkInfo, 'Makes a network the active one.'),
  remove: procedure(
    z.strictObject({ name: NetworkName }),
    z.object({ removed: z.boolean() }),
    'Forgets a network (not the devnet); the devnet becomes active if it was this one.',
  ),
  setContracts: procedure(
    z.strictObject({ name: NetworkName, contracts: ContractAddresses }),
    NetworkInfo,
    'Records the marketplace contract addresses of a network (after `sahel contracts deploy`).',
  ),
  deployContracts: procedure(
    z.strictObject({ name: NetworkName, from: Address.optional() }),
    NetworkInfo,
    'Deploys the marketplace contracts on an added network with the user’s account, and records them.',
  ),
  devnetStatus: procedure(NoInput, DevnetStatus, 'The embedded devnet: running? where? which contracts?'),
} as const;
