import { type Command, Option } from 'commander';
import type { CliContext } from '../context.js';
import { SUMMARY } from './summaries.js';

/** Each command's module loads when it runs: `vault status` must not pay for the vault's crypto. */
const items = () => import('./vault-items.js');
const keys = () => import('./vault-keys.js');

const PASS_HELP =
  'file holding the vault passphrase (first line); default $SAHEL_PASSPHRASE_FILE, else a prompt';

/** `--passphrase-file`, the vault's own passphrase, on every vault command that may need it. */
const passOpt = (help = PASS_HELP) => new Option('--passphrase-file <file>', help);
const tagOpt = () =>
  new Option('-t, --tag <tag>', 'tag the new items (repeat for more tags)')
    .argParser((value: string, previous: string[]) => [...previous, value])
    .default([]);
const parentOpt = (what: string) => new Option('--parent <id>', what);

/**
 * `sahel vault …`: the encrypted vault from the command line. Commands that need the vault unlocked
 * use a running Sahel's (app or serve) unlocked vault as it is, or read the passphrase and unlock
 * for the length of the command.
 */
export function registerVaultCommands(program: Command, ctx: () => CliContext): void {
  const vault = program
    .command('vault')
    .description(SUMMARY.vault)
    .addHelpText(
      'after',
      [
        '',
        'Passphrases are never taken from the command line. --passphrase-file (or SAHEL_PASSPHRASE_FILE)',
        "always means the vault's own passphrase; without either, commands prompt at the terminal.",
        'A command that unlocks a running Sahel for itself locks it again when done; `vault unlock` keeps',
        'it unlocked.',
      ].join('\n'),
    );

  vault
    .command('status')
    .description('whether the vault exists and is unlocked, and its age recipient (public)')
    .action(async () => (await import('./vault-status.js')).vaultStatusCommand(ctx()));

  vault
    .command('init')
    .description('create the vault (the passphrase is asked twice, or read once from a file)')
    .addOption(passOpt('file holding the new passphrase; default $SAHEL_PASSPHRASE_FILE, else a prompt'))
    .action(async (flags) => (await keys()).vaultInitCommand(ctx(), flags));

  vault
    .command('unlock')
    .description("unlock the running Sahel's vault (app or serve), e.g. before scripts")
    .addOption(passOpt())
    .action(async (flags) => (await keys()).vaultUnlockCommand(ctx(), flags));

  vault
    .command('lock')
    .description("lock the running Sahel's vault now")
    .action(async () => (await keys()).vaultLockCommand(ctx()));

  vault
    .command('add')
    .description('encrypt files and folders (recursively) into the vault')
    .argument('<path...>', 'files or folders, relative to this directory')
    .addOption(tagOpt())
    .addOption(parentOpt('add into this folder (an item id)'))
    .option('--from-age', "the files are age files encrypted to the vault's recipient: import their content")
    .addOption(passOpt())
    .action(async (paths: string[], flags) => (await items()).vaultAddCommand(ctx(), paths, flags));

  vault
    .command('list')
    .description('items: id, kind, size, name, tags')
    .option('--all', 'every item, in every folder')
    .addOption(parentOpt('list this folder (an item id) instead of the top level'))
    .addOption(passOpt())
    .action(async (flags) => (await items()).vaultListCommand(ctx(), flags));

  vault
    .command('search')
    .description('search names, tags and text content')
    .argument('<text>', 'what to look for')
    .addOption(new Option('--limit <n>', 'at most this many hits (1–100)').default('20'))
    .addOption(passOpt())
    .action(async (text: string, flags) => (await items()).vaultSearchCommand(ctx(), text, flags));

  vault
    .command('get')
    .description('decrypt an item to a file (every byte authenticated)')
    .argument('<id>', 'the item id')
    .requiredOption('-o, --output <path>', 'the file to write (a folder: the item name inside it)')
    .option('--force', 'replace the file if it exists')
    .addOption(passOpt())
    .action(async (id: string, flags) => (await items()).vaultGetCommand(ctx(), id, flags));

  vault
    .command('rm')
    .description('delete an item (a folder with everything in it)')
    .argument('<id>', 'the item id')
    .option('-y, --yes', 'do not ask (needed when not at a terminal)')
    .addOption(passOpt())
    .action(async (id: string, flags) => (await items()).vaultRmCommand(ctx(), id, flags));

  vault
    .command('export')
    .description('write an item as a standard age file, for a recipient or an export passphrase')
    .argument('<id>', 'the item id')
    .addOption(
      new Option(
        '--recipient <age1…>',
        'encrypt to this age recipient (decrypt: age -d -i key.txt)',
      ).conflicts('exportPassphraseFile'),
    )
    .addOption(
      new Option(
        '--export-passphrase-file <file>',
        'encrypt with the passphrase in this file (decrypt: age -d, which asks it); not the vault passphrase',
      ),
    )
    .requiredOption('-o, --output <path>', 'the age file to write (a folder: <item name>.age inside it)')
    .option('--force', 'replace the file if it exists')
    .addOption(passOpt())
    .action(async (id: string, flags) => (await items()).vaultExportCommand(ctx(), id, flags));

  vault
    .command('passwd')
    .description('change the vault passphrase (data is not re-encrypted)')
    .addOption(passOpt('file holding the current passphrase; default $SAHEL_PASSPHRASE_FILE, else a prompt'))
    .option('--new-passphrase-file <file>', 'file holding the new passphrase; default: asked twice')
    .action(async (flags) => (await keys()).vaultPasswdCommand(ctx(), flags));

  const identity = vault.command('identity').description("the vault's age identity (recovery key)");
  identity
    .command('export')
    .description('print the age identity (after the passphrase), for `age -d -i` without Sahel')
    .option('-o, --output <file>', 'write it to this new file (mode 0600) instead of stdout')
    .addOption(
      passOpt('file holding the vault passphrase (asked even when unlocked); default $SAHEL_PASSPHRASE_FILE'),
    )
    .addHelpText(
      'after',
      [
        '',
        'The output is an identity file in the format age-keygen writes. Keep it offline: with it,',
        '  age -d -i identity.txt -o out <data dir>/vault/blobs/<blob>.age',
        "decrypts any item's content without Sahel (item names and tags are sealed in sahel.db).",
      ].join('\n'),
    )
    .action(async (flags) => (await keys()).vaultIdentityExportCommand(ctx(), flags));

  vault
    .command('note')
    .description('add a text note; the text is read from stdin')
    .argument('<name>', 'the note name')
    .addOption(tagOpt())
    .addOption(parentOpt('add into this folder (an item id)'))
    .addOption(passOpt())
    .action(async (name: string, flags) => (await items()).vaultNoteCommand(ctx(), name, flags));
}
