import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type {
  ActiveNetworkStatus,
  ContractAddresses,
  NetworkInfo,
} from '../../../../src-shared/domain/network.js';
import { ContractAddresses as ContractsSchema, NetworkFile } from '../../../../src-shared/domain/network.js';
import type { CliContext } from '../context.js';
import { CliError, UsageError } from '../output.js';
import { SUMMARY } from './summaries.js';
import { withConnection } from './vault-session.js';

interface AddFlags {
  rpc?: string;
  chainId?: string;
  contracts?: string;
}

/** `sahel network add|use|list|remove|status`: which chain Sahel talks to. */
export function registerNetworkCommands(program: Command, ctx: () => CliContext): void {
  const network = program.command('network').description(SUMMARY.network);

  network
    .command('list')
    .description('configured networks; * marks the active one')
    .action(() => networkList(ctx()));

  network
    .command('status')
    .description(
      'the active network: RPC, chain id, contracts, latest block (starts the devnet if it is the one)',
    )
    .action(() => networkStatus(ctx()));

  network
    .command('add')
    .description('add an EVM network; its RPC must report the chain id given')
    .argument('<name>', 'a short name (letters, digits, . _ -)')
    .option('--rpc <url>', 'http(s):// or ws(s):// RPC URL (default: from the --contracts network file)')
    .option('--chain-id <id>', 'the chain id (default: from the --contracts network file)')
    .option(
      '--contracts <file>',
      'JSON with paymentToken, assetRegistry and marketplace addresses, or a network file from `sahel devnet start`',
    )
    .action((name: string, flags: AddFlags) => networkAdd(ctx(), name, flags));

  network
    .command('use')
    .description('make a network the active one (`devnet` for the embedded one)')
    .argument('<name>')
    .action((name: string) =>
      withConnection(ctx(), async ({ client }) => {
        const info = await client.network.use({ name });
        ctx().out.result(`Now using ${info.name} (chain id ${info.chainId}).`, info);
      }),
    );

  network
    .command('remove')
    .description('forget a network (the devnet becomes active if it was this one)')
    .argument('<name>')
    .action((name: string) =>
      withConnection(ctx(), async ({ client }) => {
        const { removed } = await client.network.remove({ name });
        if (!removed) throw new CliError(`No network named ${name}`);
        ctx().out.result(`Removed ${name}.`, { removed });
      }),
    );
}

function describe(n: NetworkInfo): string {
  const where = n.rpcUrl ?? (n.kind === 'devnet' ? '(started on first use)' : '');
  const contracts = n.contracts ? '' : '  (no contracts yet)';
  return `${n.active ? '*' : ' '} ${n.name.padEnd(16)} ${String(n.chainId).padEnd(10)} ${n.kind.padEnd(7)} ${where}${contracts}`;
}

async function networkList(ctx: CliContext): Promise<void> {
  await withConnection(ctx, async ({ client }) => {
    const { networks } = await client.network.list({});
    ctx.out.result(networks.map(describe).join('\n'), { networks });
  });
}

async function networkStatus(ctx: CliContext): Promise<void> {
  await withConnection(ctx, async ({ client }) => {
    const s: ActiveNetworkStatus = await client.network.active({});
    const lines = [
      `${s.name} (${s.kind}), chain id ${s.chainId}, ${s.rpcUrl ?? 'no RPC yet'}`,
      s.healthy ? `  block ${s.blockNumber}` : `  not healthy: ${s.problem}`,
    ];
    if (s.contracts) {
      lines.push(`  PaymentToken   ${s.contracts.paymentToken}`);
      lines.push(`  AssetRegistry  ${s.contracts.assetRegistry}`);
      lines.push(`  Marketplace    ${s.contracts.marketplace}`);
    }
    ctx.out.result(lines.join('\n'), s);
    if (!s.healthy) process.exitCode = 1;
  });
}

/** Reads a contracts file: a bare set of addresses or a whole network file (untrusted: validated). */
function readContracts(file: string): {
  contracts: ContractAddresses;
  rpcUrl?: string;
  chainId?: number;
  devnet?: boolean;
} {
  let raw: unknown;
  try {
    if (statSync(file).size > 64 * 1024) throw new CliError(`${file} is too large for a contracts file`);
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`Cannot read ${file} as JSON`);
  }
  const asFile = NetworkFile.safeParse(raw);
  if (asFile.success)
    return {
      contracts: asFile.data.contracts,
      rpcUrl: asFile.data.rpcUrl,
      chainId: asFile.data.chainId,
      devnet: asFile.data.kind === 'devnet',
    };
  const bare = ContractsSchema.safeParse(raw);
  if (bare.success) return { contracts: bare.data };
  throw new CliError(`${file} holds neither contract addresses nor a Sahel network file`);
}

async function networkAdd(ctx: CliContext, name: string, flags: AddFlags): Promise<void> {
  const fromFile = flags.contracts ? readContracts(resolve(flags.contracts)) : undefined;
  const rpcUrl = flags.rpc ?? fromFile?.rpcUrl;
  const chainId = flags.chainId !== undefined ? Number(flags.chainId) : fromFile?.chainId;
  if (!rpcUrl) throw new UsageError('--rpc <url> is needed (or a network file as --contracts)');
  if (chainId === undefined || !Number.isSafeInteger(chainId) || chainId <= 0) {
    throw new UsageError(
      '--chain-id must be a positive integer (or come from a network file as --contracts)',
    );
  }
  await withConnection(ctx, async ({ client }) => {
    const info = await client.network.add({
      name,
      rpcUrl,
      chainId,
      contracts: fromFile?.contracts ?? null,
      // A network file's kind is only a claim: the owner honours it for the devnet's chain id alone.
      devnet: fromFile?.devnet === true && flags.rpc === undefined && flags.chainId === undefined,
    });
    const hint = info.contracts ? '' : `\nNo contracts yet: sahel contracts deploy --network ${name}`;
    ctx.out.result(
      `Added ${name} (chain id ${chainId}); use it with: sahel network use ${name}${hint}`,
      info,
    );
  });
}
