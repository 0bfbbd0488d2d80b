import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { SUMMARY } from './summaries.js';

type Register = (program: Command, ctx: () => CliContext) => unknown;

/**
 * The commands defined in their own modules. A command's module (and all it imports) loads only
 * when that command runs or its own help is asked for; `sahel --help` lists them from SUMMARY alone.
 */
export const GROUPS = {
  vault: {
    load: async (): Promise<Register> => (await import('./vault.js')).registerVaultCommands,
  },
  wallet: {
    load: async (): Promise<Register> => (await import('./wallet.js')).registerWalletCommands,
  },
  models: {
    load: async (): Promise<Register> => (await import('./models.js')).registerModelsCommands,
  },
  chat: {
    /** How the help lists it: chat takes options and words, not subcommands. */
    term: '[message...]',
    load: async (): Promise<Register> => (await import('./chat.js')).registerChatCommand,
  },
  network: {
    load: async (): Promise<Register> => (await import('./network.js')).registerNetworkCommands,
  },
  contracts: {
    load: async (): Promise<Register> => (await import('./contracts.js')).registerContractsCommands,
  },
  devnet: {
    load: async (): Promise<Register> => (await import('./devnet.js')).registerDevnetCommands,
  },
  market: {
    load: async (): Promise<Register> => (await import('./market.js')).registerMarketCommands,
  },
  agent: {
    load: async (): Promise<Register> => (await import('./agent.js')).registerAgentCommands,
  },
  tasks: {
    load: async (): Promise<Register> => (await import('./tasks.js')).registerTasksCommands,
  },
} as const;

export { SUMMARY };

export type GroupName = keyof typeof GROUPS;

export function isGroup(name: string | undefined): name is GroupName {
  return name !== undefined && Object.hasOwn(GROUPS, name);
}
