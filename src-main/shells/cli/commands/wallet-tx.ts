import type { Command } from 'commander';
import { onEvent } from '../../../../src-shared/api/client.js';
import { MAX_DECIMALS, parseAmount } from '../../../../src-shared/domain/amount.js';
import type { TxRecord, TxReview } from '../../../../src-shared/domain/tx.js';
import type { CliContext } from '../context.js';
import { CliError, UsageError } from '../output.js';
import { table } from './vault-format.js';
import { confirm, type VaultPassFlags, withConnection, withUnlockedVault } from './vault-session.js';
import { confirmAndWait } from './wallet-wait.js';

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

// viem takes half a second to load: only the commands that print amounts load it, on first use.
let formatUnits: (value: bigint, decimals: number) => string = () => {
  throw new Error('formatUnits used before loadUnits()');
};
async function loadUnits(): Promise<void> {
  ({ formatUnits } = await import('viem'));
}

export interface BalanceFlags {
  token: string[];
}

export interface SendFlags extends VaultPassFlags {
  to: string;
  amount: string;
  token?: string;
  from?: string;
  yes?: boolean;
  toZeroAddress?: boolean;
  wait: boolean;
}

/** `sahel wallet balance | send | history`, under the wallet engineer's `sahel wallet`. */
export function registerWalletTxCommands(wallet: Command, ctx: () => CliContext): void {
  wallet
    .command('balance')
    .description('native and payment-token balances of every account (and of --token addresses)')
    .option(
      '--token <address>',
      'also show this ERC-20 (repeat for more)',
      (v: string, p: string[]) => [...p, v],
      [],
    )
    .action((flags: BalanceFlags) => walletBalanceCommand(ctx(), flags));

  wallet
    .command('send')
    .description('send the native coin or a token: shows what leaves and the most fee, then asks')
    .requiredOption('--to <address>', 'the recipient')
    .requiredOption('--amount <n>', 'in whole units, e.g. 1.5')
    .option('--token <address|symbol>', "an ERC-20's address, or the payment token's symbol")
    .option('--from <address>', 'which account sends (default: the first)')
    .option('--yes', 'send without asking (needed where there is no terminal)')
    .option('--to-zero-address', 'yes, --to is the zero address: what is sent there is lost for good')
    .option('--no-wait', 'return once broadcast instead of waiting for the receipt')
    .option('--passphrase-file <file>', 'file holding the vault passphrase, if the vault must be unlocked')
    .action((flags: SendFlags) => walletSendCommand(ctx(), flags));

  wallet
    .command('history')
    .description("the wallet's transactions on the active network, newest first")
    .option('--limit <n>', 'at most this many', '20')
    .action((flags: { limit: string }) => walletHistoryCommand(ctx(), flags));
}

export async function walletBalanceCommand(ctx: CliContext, flags: BalanceFlags): Promise<void> {
  await loadUnits();
  for (const t of flags.token)
    if (!ADDRESS.test(t)) throw new UsageError(`${JSON.stringify(t)} is not an address`);
  await withConnection(ctx, async ({ client }) => {
    const b = await client.tx.balances({ tokens: flags.token });
    const rows = b.accounts.map((a) => [
      a.address,
      `${formatUnits(BigInt(a.native), 18)} ETH`,
      ...a.tokens.map((t) => `${formatUnits(BigInt(t.balance), t.decimals)} ${t.symbol}`),
    ]);
    const header = ['ADDRESS', 'NATIVE', ...(b.accounts[0]?.tokens.map((t) => t.symbol) ?? [])];
    ctx.out.result(`${b.network} (chain ${b.chainId})\n${table(header, rows)}`, b);
  });
}

export async function walletSendCommand(ctx: CliContext, flags: SendFlags): Promise<void> {
  await loadUnits();
  if (!ADDRESS.test(flags.to)) throw new UsageError(`--to ${JSON.stringify(flags.to)} is not an address`);
  if (flags.from !== undefined && !ADDRESS.test(flags.from)) throw new UsageError('--from is not an address');
  const amount = parseAmount(flags.amount, MAX_DECIMALS);
  if (!amount.ok) throw new UsageError(`--amount: ${amount.problem}`);
  // --yes confirms the review, not this: burning coins needs its own words.
  const zero = /^0x0{40}$/i.test(flags.to);
  if (zero && !flags.toZeroAddress) {
    throw new UsageError(
      '--to is the zero address: whatever is sent there is lost for good. Add --to-zero-address if that is what you mean',
    );
  }
  if (!flags.yes && !process.stdin.isTTY) {
    throw new CliError('Sending needs a confirmation: run in a terminal, or pass --yes');
  }
  await withUnlockedVault(ctx, flags, async (client, conn) => {
    const from = flags.from ?? (await client.tx.balances({ tokens: [] })).accounts[0]?.address;
    if (!from) throw new CliError('The wallet has no account yet: run sahel wallet create');
    const review = await client.tx.prepareSend({
      from,
      to: flags.to,
      amount: amount.plain,
      ...(flags.token ? { token: flags.token } : {}),
      ...(zero ? { toZeroAddress: true as const } : {}),
    });
    if (!ctx.out.json || !flags.yes) process.stderr.write(`${reviewText(review)}\n`);
    if (!flags.yes && !(await confirm('Sign and send?'))) throw new CliError('Not sent');
    const { hash, tx } = await confirmAndWait({
      subscribe: (listener) => onEvent(conn.transport, 'tx.updated', listener),
      confirm: async () => {
        const { hash } = await client.tx.confirmSend({ reviewId: review.reviewId });
        if (flags.wait) ctx.out.note(`Sent ${hash}; waiting for the receipt…`);
        return hash;
      },
      stored: async (h) => (await client.tx.history({ limit: 100 })).txs.find((t) => t.hash === h),
      wait: flags.wait,
      timeoutMs: 120_000,
    });
    if (!flags.wait) {
      ctx.out.result(`Sent ${hash} (pending)`, { hash, status: 'pending' });
      return;
    }
    const status = tx?.status ?? 'pending';
    ctx.out.result(`${hash} ${status}${tx?.fee ? `, fee ${formatUnits(BigInt(tx.fee), 18)} ETH` : ''}`, {
      hash,
      status,
      fee: tx?.fee ?? null,
    });
    if (status === 'failed' || status === 'dropped') process.exitCode = 1;
  });
}

export async function walletHistoryCommand(ctx: CliContext, flags: { limit: string }): Promise<void> {
  await loadUnits();
  const limit = Number(flags.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new UsageError('--limit must be 1–500');
  await withConnection(ctx, async ({ client }) => {
    const { txs } = await client.tx.history({ limit });
    const rows = txs.map((t) => [
      t.createdAt.slice(0, 19),
      t.status,
      String(t.nonce),
      t.kind,
      what(t),
      t.hash,
    ]);
    const human = txs.length
      ? table(['TIME', 'STATUS', 'NONCE', 'KIND', 'WHAT', 'HASH'], rows)
      : 'No transactions yet.';
    ctx.out.result(human, { txs });
  });
}

function what(t: TxRecord): string {
  const out = t.effects.outflows.map((o) => `${formatUnits(BigInt(o.amount), o.decimals)} ${o.symbol}`);
  return out.join(' + ') || (t.effects.call ?? '—');
}

export function reviewText(r: TxReview): string {
  const lines = [`Review on ${r.network} (chain ${r.chainId}), from ${r.from}:`];
  for (const o of r.effects.outflows) {
    const amount = `${formatUnits(BigInt(o.amount), o.decimals)} ${o.symbol}`;
    lines.push(o.approval ? `  allows ${o.to} to take up to ${amount}` : `  sends ${amount} to ${o.to}`);
  }
  if (r.effects.call) lines.push(`  calls ${r.effects.call} on ${r.effects.to}`);
  lines.push(
    `  fee at most ${formatUnits(BigInt(r.effects.maxFee), 18)} ETH (gas limit ${r.effects.gasLimit})`,
  );
  return lines.join('\n');
}
