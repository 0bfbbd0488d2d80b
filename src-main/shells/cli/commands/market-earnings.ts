import type { Command } from 'commander';
import { formatUnits } from '../../../../src-shared/domain/amount.js';
import type { Earnings, WithdrawPlan } from '../../../../src-shared/domain/market-earnings.js';
import type { CliContext } from '../context.js';
import { CliError, printable, UsageError } from '../output.js';
import { confirm, type VaultPassFlags, withConnection, withUnlockedVault } from './vault-session.js';

interface WithdrawFlags extends VaultPassFlags {
  token?: string;
  from?: string;
  yes?: boolean;
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

function checkAddress(text: string | undefined, what: string): string | undefined {
  if (text !== undefined && !ADDRESS.test(text))
    throw new UsageError(`${what} is an address (0x and 40 hex digits)`);
  return text;
}

/** `sahel market earnings | withdraw`, under `sahel market`. */
export function registerMarketEarningsCommands(market: Command, ctx: () => CliContext): void {
  market
    .command('earnings')
    .description('what the marketplace owes each wallet account, and what sales credited it, per asset')
    .action(() =>
      withConnection(ctx(), async ({ client }) => {
        const earnings = await client.market.earnings({});
        ctx().out.result(earningsText(earnings), earnings);
      }),
    );
  market
    .command('withdraw')
    .description('send everything the marketplace owes an account in a token to that account')
    .option('--token <address>', 'the token (default: the network payment token)')
    .option('--from <address>', 'which account withdraws (default: the first)')
    .option('--yes', 'withdraw without asking (needed where there is no terminal)')
    .option('--passphrase-file <file>', 'file holding the vault passphrase, if the vault must be unlocked')
    .action((flags: WithdrawFlags) => marketWithdrawCommand(ctx(), flags));
}

async function marketWithdrawCommand(ctx: CliContext, flags: WithdrawFlags): Promise<void> {
  const token = checkAddress(flags.token, 'The token');
  const from = checkAddress(flags.from, 'The account');
  await withUnlockedVault(ctx, flags, async (client) => {
    const plan = await client.market.withdrawPlan({
      ...(token ? { token } : {}),
      ...(from ? { from } : {}),
    });
    if (!ctx.out.json || !flags.yes) process.stderr.write(`${withdrawPlanText(plan)}\n`);
    if (!flags.yes) {
      if (!process.stdin.isTTY) {
        throw new CliError('Withdrawing needs a confirmation: run in a terminal to be asked, or pass --yes');
      }
      if (!(await confirm('Withdraw?'))) throw new CliError('Nothing withdrawn');
    }
    ctx.out.note('Withdrawing…');
    const done = await client.market.withdrawConfirm({ planId: plan.planId });
    ctx.out.result(
      `Withdrew ${formatUnits(BigInt(done.amount), plan.decimals)} ${plan.symbol} to ${done.from} (${done.tx})`,
      done,
    );
  });
}

/** The withdrawal as a person reviews it: who, how much, the fee. */
export function withdrawPlanText(p: WithdrawPlan): string {
  return printable(
    [
      `Withdraw on ${p.network} to ${p.from}:`,
      `  ${formatUnits(BigInt(p.amount), p.decimals)} ${p.symbol} (${p.token}), everything the marketplace owes it`,
      `  fee at most ${formatUnits(BigInt(p.maxFee), 18)} ETH`,
    ].join('\n'),
  );
}

/** One row per account and token, then what each asset's sales credited it and in which roles. */
export function earningsText(e: Earnings): string {
  if (e.earnings.length === 0) return `Nothing earned or owed on ${e.network}`;
  const rows = [['ACCOUNT', 'TOKEN', 'WITHDRAWABLE', 'CREDITED', 'REFUNDED', 'WITHDRAWN']];
  const details: string[] = [];
  for (const r of e.earnings) {
    const amount = (v: string) => formatUnits(BigInt(v), r.decimals);
    rows.push([
      r.account,
      r.symbol,
      amount(r.withdrawable),
      amount(r.credited),
      amount(r.refunded),
      amount(r.withdrawn),
    ]);
    for (const a of r.assets) {
      details.push(
        `  ${r.account} asset #${a.assetId}: ${amount(a.credited)} ${r.symbol} from ${a.licences} licence${a.licences === 1 ? '' : 's'}${a.roles.length ? ` (${a.roles.join(', ')})` : ''}`,
      );
    }
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const table = rows.map((r) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
  const lines = [...table, ...(details.length ? ['Credited per asset:', ...details] : [])];
  if (e.stale) lines.push(e.stale);
  return printable(lines.join('\n'));
}
