import type { SahelClient } from '../../../../src-shared/api/contract.js';
import { SahelError } from '../../../../src-shared/errors.js';
import type { CliContext } from '../context.js';
import { CliError } from '../output.js';
import { readPassphrase } from '../passphrase.js';
import type { VaultPassFlags } from './vault-session.js';
import { withUnlockedVault } from './vault-session.js';
import { pressEnter, withPassphrase, wordGrid } from './wallet-session.js';

/** Whole sentences, so `reveal` can show the warning without the creation-only line. */
const WARNING_ALWAYS = [
  'Your recovery words. Write them down, in order, on paper, and keep them offline.',
  'Anyone who has them can take everything in this wallet; without them (and without your vault',
  'passphrase) nobody can restore it.',
];
// Not "shown once": `wallet backup` shows them again until the copy is confirmed.
const WARNING = [
  ...WARNING_ALWAYS,
  '`sahel wallet backup` shows them again until you confirm your copy; after that only',
  '`sahel wallet reveal`, with your passphrase.',
];

export interface CreateFlags extends VaultPassFlags {
  words: string;
}

/**
 * `sahel wallet create`: a new recovery phrase and its first account. At a terminal the words are
 * shown, the screen is cleared when the user has written them down, and three of them are asked
 * back. With --json the words go to stdout for the script, and the backup stays unconfirmed.
 */
export async function walletCreateCommand(ctx: CliContext, flags: CreateFlags): Promise<void> {
  const words = flags.words === '24' ? 24 : 12;
  await withUnlockedVault(ctx, flags, async (client) => {
    if ((await client.wallet.status({})).seed) {
      throw new CliError('This wallet already has a recovery phrase (see: sahel wallet accounts)');
    }
    await client.wallet.create({ words });
    const [account] = (await client.wallet.accounts({})).accounts;
    await showAndConfirm(ctx, client, account?.address ?? '?');
  });
}

/** `sahel wallet backup`: the words and the quiz again, while the backup is not confirmed. */
export async function walletBackupCommand(ctx: CliContext, flags: VaultPassFlags): Promise<void> {
  await withUnlockedVault(ctx, flags, async (client) => {
    const status = await client.wallet.status({});
    if (status.backup === 'none')
      throw new CliError('This wallet has no recovery phrase: sahel wallet create');
    if (status.backup === 'confirmed') {
      throw new CliError('The backup is already confirmed; to see the words again: sahel wallet reveal');
    }
    const [account] = (await client.wallet.accounts({})).accounts.filter((a) => a.source === 'hd');
    await showAndConfirm(ctx, client, account?.address ?? '?');
  });
}

/** `sahel wallet reveal`: the words after the backup, behind the vault passphrase (asked even when unlocked). */
export async function walletRevealCommand(ctx: CliContext, flags: VaultPassFlags): Promise<void> {
  await withPassphrase(ctx, flags, async (client, passphrase) => {
    const { words } = await client.wallet.revealWords({ passphrase });
    ctx.out.result([...WARNING_ALWAYS, '', wordGrid(words)].join('\n'), { words });
  });
}

async function showAndConfirm(ctx: CliContext, client: SahelClient, address: string): Promise<void> {
  const { words } = await client.wallet.backupWords({});
  if (ctx.out.json) {
    ctx.out.note(
      'The recovery words are in the output: store them safely, then run sahel wallet backup at a terminal.',
    );
    ctx.out.result('', { address, words, backup: 'pending' });
    return;
  }
  const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
  process.stdout.write(`${[...WARNING, '', wordGrid(words), ''].join('\n')}\n`);
  if (!interactive) {
    ctx.out.result(
      `Account: ${address}\nThe backup is not confirmed yet: run sahel wallet backup at a terminal.`,
      { address, backup: 'pending' },
    );
    return;
  }
  await pressEnter('Press Enter when they are written down (the screen is cleared then). ');
  // Clear the screen and, where the terminal allows, its scrollback, so the words do not linger.
  process.stdout.write('\x1b[2J\x1b[3J\x1b[H');
  const { positions } = await client.wallet.backupQuiz({});
  process.stderr.write('Type back three of the words, to check the copy:\n');
  const answers = [];
  for (const position of positions) {
    answers.push({ position, word: await readPassphrase(`  word #${position}: `, {}) });
  }
  try {
    await client.wallet.confirmBackup({ answers });
  } catch (err) {
    if (SahelError.is(err) && err.code === 'BAD_INPUT') {
      throw new CliError(
        `${err.message.split(':')[0]}. Check your copy, then run sahel wallet backup again.`,
      );
    }
    throw err;
  }
  ctx.out.result(`Backup confirmed. Account: ${address}`, { address, backup: 'confirmed' });
}
