import type { WalletAccount, WalletStatus } from '../../../../src-shared/domain/wallet.js';
import type { CliContext } from '../context.js';
import { CliError, UsageError } from '../output.js';
import { table } from './vault-format.js';
import { type VaultPassFlags, withConnection, withUnlockedVault } from './vault-session.js';

function describeStatus(s: WalletStatus): string {
  if (!s.exists) return 'No wallet yet: sahel wallet create, or sahel wallet import';
  const backup = {
    none: 'no recovery phrase (imported keys only)',
    pending: 'NOT CONFIRMED: run sahel wallet backup',
    confirmed: 'confirmed',
  }[s.backup];
  return [
    `accounts: ${s.accounts}`,
    `backup:   ${backup}`,
    `keys:     ${s.locked ? 'locked (the vault is locked)' : 'available'}`,
  ].join('\n');
}

function source(a: WalletAccount): string {
  return a.index === null ? 'imported' : `m/44'/60'/0'/0/${a.index}`;
}

/** `sahel wallet status`: works with the vault locked. */
export async function walletStatusCommand(ctx: CliContext): Promise<void> {
  await withConnection(ctx, async ({ client }) => {
    const status = await client.wallet.status({});
    ctx.out.result(describeStatus(status), status);
  });
}

/**
 * An account's number, as the app shows it ("account #2"): its place in the recovery phrase's
 * derivation, counted from 1 (m/44'/60'/0'/0/1 is #2). Imported keys have no number; their address
 * names them. Counting rows instead would renumber accounts whenever a key is imported.
 */
export function accountNumber(a: WalletAccount): number | null {
  return a.index === null ? null : a.index + 1;
}

/** `sahel wallet accounts`: addresses are public and always listed; names need the vault unlocked. */
export async function walletAccountsCommand(ctx: CliContext): Promise<void> {
  await withConnection(ctx, async ({ client }) => {
    const { accounts } = await client.wallet.accounts({});
    const human =
      accounts.length === 0
        ? 'No accounts yet: sahel wallet create, or sahel wallet import'
        : table(
            ['#', 'ADDRESS', 'SOURCE', 'NAME'],
            accounts.map((a) => [
              String(accountNumber(a) ?? '-'),
              a.address,
              source(a),
              a.name ?? '(vault locked)',
            ]),
          );
    for (const a of accounts) if (a.warning) ctx.out.note(`Warning: ${a.warning}`);
    ctx.out.result(human, { accounts: accounts.map((a) => ({ ...a, number: accountNumber(a) })) });
  });
}

/** `sahel wallet address [--account n]`: account #n as the app numbers it (default: the first listed). */
export async function walletAddressCommand(ctx: CliContext, flags: { account?: string }): Promise<void> {
  const n = flags.account === undefined ? undefined : Number(flags.account);
  if (n !== undefined && (!Number.isInteger(n) || n < 1))
    throw new UsageError('--account takes an account number (1, 2, …) from sahel wallet accounts');
  await withConnection(ctx, async ({ client }) => {
    const { accounts } = await client.wallet.accounts({});
    const account = n === undefined ? accounts[0] : accounts.find((a) => accountNumber(a) === n);
    if (!account) {
      throw new CliError(
        accounts.length ? `There is no account #${n}` : 'No accounts yet: sahel wallet create',
      );
    }
    if (account.warning) ctx.out.note(`Warning: ${account.warning}`);
    ctx.out.result(account.address, account);
  });
}

/** `sahel wallet account add <name>`: the next HD account. */
export async function walletAccountAddCommand(ctx: CliContext, name: string, flags: VaultPassFlags) {
  await withUnlockedVault(ctx, flags, async (client) => {
    const account = await client.wallet.addAccount({ name });
    ctx.out.result(`${account.address}  ${source(account)}  ${account.name ?? ''}`, account);
  });
}

/** `sahel wallet account rename <address> <name>`. */
export async function walletAccountRenameCommand(
  ctx: CliContext,
  address: string,
  name: string,
  flags: VaultPassFlags,
) {
  if (!/^0x[0-9a-fA-F]{40}$/.test(address))
    throw new UsageError(`${JSON.stringify(address)} is not an address`);
  await withUnlockedVault(ctx, flags, async (client) => {
    const account = await client.wallet.renameAccount({ address: address as `0x${string}`, name });
    ctx.out.result(`${account.address}  ${account.name ?? ''}`, account);
  });
}
