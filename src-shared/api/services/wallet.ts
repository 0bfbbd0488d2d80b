import { z } from 'zod';
import { AccountName, Address, MnemonicWords, WalletAccount, WalletStatus } from '../../domain/wallet.js';
import { procedure } from '../define.js';
import { NoInput } from './app.js';

const Passphrase = z.string().min(1).max(1024);
/** A keystore file's own password (not the vault passphrase). */
const KeystorePassword = z.string().min(1).max(1024);
const Words = z.object({ words: z.array(z.string()) });

/**
 * The wallet. Secrets go in (import) but never come out, except the recovery words shown for the
 * backup, and, after the vault passphrase, the words again or a keystore file encrypted to a password
 * the user picks. Balances, sends and history are the `tx` service's.
 */
export const walletService = {
  status: procedure(
    NoInput,
    WalletStatus,
    'Whether a wallet exists, its backup state, and whether it is locked.',
  ),
  create: procedure(
    z.strictObject({ words: MnemonicWords.default(12) }),
    WalletStatus,
    'Creates an HD wallet with a new recovery phrase and its first account; the words are shown by backupWords.',
  ),
  backupWords: procedure(NoInput, Words, 'The recovery words, while the backup is not confirmed yet.'),
  backupQuiz: procedure(
    NoInput,
    z.object({ positions: z.array(z.number().int().min(1).max(24)) }),
    'Three word positions (1-based) the user must type back to confirm the backup.',
  ),
  confirmBackup: procedure(
    z.strictObject({
      answers: z
        .array(z.strictObject({ position: z.number().int().min(1).max(24), word: z.string().max(32) }))
        .length(3),
    }),
    WalletStatus,
    'Checks the words at the quiz positions; when right, the backup is confirmed and the words hidden.',
  ),
  revealWords: procedure(
    z.strictObject({ passphrase: Passphrase }),
    Words,
    'The recovery words again, after the vault passphrase.',
  ),
  import: procedure(
    z.discriminatedUnion('kind', [
      z.strictObject({
        kind: z.literal('mnemonic'),
        mnemonic: z.string().min(1).max(1024),
        name: AccountName.optional(),
      }),
      z.strictObject({
        kind: z.literal('privateKey'),
        privateKey: z.string().min(1).max(200),
        name: AccountName.optional(),
      }),
      z.strictObject({
        kind: z.literal('keystore'),
        json: z
          .string()
          .min(1)
          .max(64 * 1024),
        password: KeystorePassword,
        name: AccountName.optional(),
      }),
    ]),
    WalletAccount,
    'Imports a recovery phrase (as the HD seed), a private key, or a keystore v3 file with its password.',
  ),
  accounts: procedure(
    NoInput,
    z.object({ accounts: z.array(WalletAccount) }),
    'Every account; names are null while the vault is locked.',
  ),
  addAccount: procedure(
    z.strictObject({ name: AccountName }),
    WalletAccount,
    'Derives the next HD account from the recovery phrase.',
  ),
  renameAccount: procedure(
    z.strictObject({ address: Address, name: AccountName }),
    WalletAccount,
    'Renames an account.',
  ),
  exportKeystore: procedure(
    z.strictObject({ address: Address, password: KeystorePassword, passphrase: Passphrase }),
    z.object({ json: z.string() }),
    "An account's key as a keystore v3 file (scrypt) under a new password, after the vault passphrase.",
  ),
} as const;
