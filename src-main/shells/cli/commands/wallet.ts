import { type Command, Option } from 'commander';
import type { CliContext } from '../context.js';
import { SUMMARY } from './summaries.js';
import {
  walletAccountAddCommand,
  walletAccountRenameCommand,
  walletAccountsCommand,
  walletAddressCommand,
  walletStatusCommand,
} from './wallet-accounts.js';
import { walletBackupCommand, walletCreateCommand, walletRevealCommand } from './wallet-backup.js';
import { walletExportCommand, walletImportCommand } from './wallet-keys.js';
import { registerWalletTxCommands } from './wallet-tx.js';

const passOpt = () =>
  new Option(
    '--passphrase-file <file>',
    'file holding the vault passphrase (first line); default $SAHEL_PASSPHRASE_FILE, else a prompt',
  );

/**
 * `sahel wallet …`: accounts whose keys live in the vault. Returns the `wallet` command so other
 * files can add their subcommands (balance, send, history) to it.
 */
export function registerWalletCommands(program: Command, ctx: () => CliContext): Command {
  const wallet = program
    .command('wallet')
    .description(SUMMARY.wallet)
    .addHelpText(
      'after',
      [
        '',
        'Secrets (recovery words, private keys, passwords) are read from files or typed at a terminal,',
        'never taken from the command line. --passphrase-file (or SAHEL_PASSPHRASE_FILE) is always the',
        "vault's passphrase; --password-file is a keystore file's own password.",
      ].join('\n'),
    );

  wallet
    .command('status')
    .description('whether a wallet exists, its backup state, and whether its keys are locked')
    .action(() => walletStatusCommand(ctx()));

  wallet
    .command('create')
    .description('a new recovery phrase and its first account; the words are shown, then three asked back')
    .addOption(new Option('--words <n>', 'words in the recovery phrase').choices(['12', '24']).default('12'))
    .addOption(passOpt())
    .action((flags) => walletCreateCommand(ctx(), flags));

  wallet
    .command('backup')
    .description('show the recovery words again and confirm them, while the backup is not confirmed')
    .addOption(passOpt())
    .action((flags) => walletBackupCommand(ctx(), flags));

  wallet
    .command('reveal')
    .description(
      'show the recovery words after the backup (the vault passphrase is asked even when unlocked)',
    )
    .addOption(passOpt())
    .action((flags) => walletRevealCommand(ctx(), flags));

  wallet
    .command('import')
    .description('import a recovery phrase, a private key or a keystore v3 file')
    .option('--mnemonic-file <file>', 'a file holding the recovery phrase')
    .option('--mnemonic', 'type the recovery phrase at the terminal')
    .option('--private-key-file <file>', 'a file holding a private key (64 hex digits)')
    .option('--private-key', 'type the private key at the terminal')
    .option('--keystore <file>', 'a keystore v3 JSON file (geth, MetaMask, MyEtherWallet…)')
    .option('--password-file <file>', "the keystore's password (first line); default: a prompt")
    .option('--name <name>', 'a name for the account')
    .addOption(passOpt())
    .action((flags) => walletImportCommand(ctx(), flags));

  wallet
    .command('accounts')
    .description('every account: number, address, derivation, name (names need the vault unlocked)')
    .action(() => walletAccountsCommand(ctx()));

  wallet
    .command('address')
    .description('the address of one account (default: the first)')
    .option('--account <n>', 'the account number (#) shown by sahel wallet accounts and the app')
    .action((flags) => walletAddressCommand(ctx(), flags));

  const account = wallet.command('account').description('add or rename accounts');
  account
    .command('add')
    .description('derive the next account from the recovery phrase')
    .argument('<name>', 'its name')
    .addOption(passOpt())
    .action((name: string, flags) => walletAccountAddCommand(ctx(), name, flags));
  account
    .command('rename')
    .description('rename an account')
    .argument('<address>', 'the account')
    .argument('<name>', 'its new name')
    .addOption(passOpt())
    .action((address: string, name: string, flags) =>
      walletAccountRenameCommand(ctx(), address, name, flags),
    );

  wallet
    .command('export')
    .description("write an account's key as a keystore v3 file (scrypt) for other wallets")
    .requiredOption('--address <address>', 'the account')
    .requiredOption('--out <file>', 'the file to write (mode 0600)')
    .option('--password-file <file>', "the new file's password (first line); default: typed twice")
    .option('--force', 'replace the file if it exists')
    .addOption(passOpt())
    .action((flags) => walletExportCommand(ctx(), flags));

  registerWalletTxCommands(wallet, ctx);
  return wallet;
}
