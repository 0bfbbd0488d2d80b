import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { UsageError } from '../output.js';
import { SUMMARY } from './summaries.js';
import { type VaultPassFlags, withUnlockedVault } from './vault-session.js';

/**
 * `sahel contracts deploy --network <name>`: deploys PaymentToken, AssetRegistry and Marketplace with
 * the user's own wallet account (the vault is unlocked for the command, as vault commands do) and
 * records their addresses on the network. The devnet deploys its own; this is for added networks.
 */
export function registerContractsCommands(program: Command, ctx: () => CliContext): void {
  program
    .command('contracts')
    .description(SUMMARY.contracts)
    .command('deploy')
    .description("deploy the marketplace contracts on an added network with your wallet's account")
    .requiredOption('--network <name>', 'the network (see sahel network list)')
    .option('--from <address>', 'the wallet account that deploys and administers (default: the first)')
    .option(
      '--passphrase-file <file>',
      'file holding the vault passphrase; default $SAHEL_PASSPHRASE_FILE, else a prompt',
    )
    .action((flags: VaultPassFlags & { network: string; from?: string }) => contractsDeploy(ctx(), flags));
}

async function contractsDeploy(ctx: CliContext, flags: VaultPassFlags & { network: string; from?: string }) {
  if (flags.network.toLowerCase() === 'devnet') {
    throw new UsageError(
      'The devnet deploys its own contracts; name a network added with `sahel network add`',
    );
  }
  await withUnlockedVault(ctx, flags, async (client) => {
    ctx.out.note(`Deploying on ${flags.network} …`);
    const info = await client.network.deployContracts({
      name: flags.network,
      ...(flags.from ? { from: flags.from } : {}),
    });
    const c = info.contracts;
    ctx.out.result(
      c
        ? [
            `Deployed on ${info.name} (chain id ${info.chainId}):`,
            `  PaymentToken   ${c.paymentToken}`,
            `  AssetRegistry  ${c.assetRegistry}`,
            `  Marketplace    ${c.marketplace}`,
          ].join('\n')
        : `Deployed on ${info.name}`,
      info,
    );
  });
}
