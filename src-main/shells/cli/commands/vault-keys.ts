import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { identityToRecipient } from '../../../vault/index.js';
import type { CliContext } from '../context.js';
import { CliError } from '../output.js';
import {
  newPassphrase,
  noVault,
  requireVault,
  runningOwner,
  type VaultPassFlags,
  vaultPassphrase,
  withConnection,
} from './vault-session.js';

/** `sahel vault init`: creates the vault under a new passphrase (typed twice, or from a file). */
export async function vaultInitCommand(ctx: CliContext, flags: VaultPassFlags): Promise<void> {
  await withConnection(ctx, async (conn) => {
    const before = await conn.client.vault.state({});
    if (before.state !== 'uninitialised') throw new CliError(`A vault already exists in ${ctx.dataDir}`);
    const passphrase = await newPassphrase(
      flags.passphraseFile ?? ctx.env.passphraseFile,
      'New vault passphrase',
    );
    const state = await conn.client.vault.create({ passphrase });
    if (conn.local) await conn.client.vault.lock({});
    const human = [
      `Created the vault in ${ctx.dataDir}.`,
      `  recipient: ${state.recipient ?? '?'}`,
      '',
      'Keep the passphrase safe: without it nothing in the vault can be read. For a recovery copy',
      'that works with the standard age tool, see: sahel vault identity export --help',
    ].join('\n');
    ctx.out.result(human, conn.local ? { ...state, state: 'locked' } : state);
  });
}

/**
 * `sahel vault unlock`: unlocks a running Sahel's vault (the app or `sahel serve`), e.g. before a
 * script. Without one there is nothing that could stay unlocked, and the command says so.
 */
export async function vaultUnlockCommand(ctx: CliContext, flags: VaultPassFlags): Promise<void> {
  if (!runningOwner(ctx)) {
    throw new CliError(
      `Sahel is not running on ${ctx.dataDir}, so nothing can stay unlocked: start sahel serve (or the app) first; other vault commands ask for the passphrase themselves`,
    );
  }
  await withConnection(ctx, async (conn) => {
    if (conn.local) throw new CliError(`Sahel stopped running on ${ctx.dataDir}; nothing was unlocked`);
    const state = await conn.client.vault.state({});
    if (state.state === 'unlocked') {
      ctx.out.result('The vault is already unlocked.', state);
      return;
    }
    requireVault(ctx, state);
    const passphrase = await vaultPassphrase(ctx, flags);
    const after = await conn.client.vault.unlock({ passphrase });
    const mins = after.autoLockMinutes;
    ctx.out.result(
      `Unlocked the vault of the running Sahel${mins > 0 ? ` (it locks itself after ${mins} min idle)` : ''}.`,
      after,
    );
  });
}

/** `sahel vault lock`: locks a running Sahel's vault now. Without one the vault is locked already. */
export async function vaultLockCommand(ctx: CliContext): Promise<void> {
  if (!runningOwner(ctx)) {
    ctx.out.result(`Sahel is not running on ${ctx.dataDir}: the vault is locked.`, {
      dataDir: ctx.dataDir,
      running: false,
      state: 'locked',
    });
    return;
  }
  await withConnection(ctx, async (conn) => {
    const state = await conn.client.vault.lock({});
    if (state.state === 'uninitialised') throw noVault(ctx);
    ctx.out.result('Locked the vault.', state);
  });
}

export interface PasswdFlags extends VaultPassFlags {
  newPassphraseFile?: string;
}

/** `sahel vault passwd`: the current passphrase, then the new one; the vault's data is not re-encrypted. */
export async function vaultPasswdCommand(ctx: CliContext, flags: PasswdFlags): Promise<void> {
  await withConnection(ctx, async (conn) => {
    const state = await conn.client.vault.state({});
    requireVault(ctx, state);
    const current = await vaultPassphrase(ctx, flags, 'Current vault passphrase: ');
    const next = await newPassphrase(flags.newPassphraseFile, 'New vault passphrase');
    const after = await conn.client.vault.changePassphrase({ current, next });
    ctx.out.result('Changed the vault passphrase.', after);
  });
}

export interface IdentityExportFlags extends VaultPassFlags {
  output?: string;
}

/**
 * `sahel vault identity export`: the vault's age identity, in the format age-keygen writes, after the
 * passphrase is entered again (always, even while unlocked). With it, `age -d -i <file>` decrypts
 * every blob in <data dir>/vault/blobs without Sahel.
 */
export async function vaultIdentityExportCommand(ctx: CliContext, flags: IdentityExportFlags): Promise<void> {
  const target = flags.output === undefined ? undefined : resolve(flags.output);
  if (target && existsSync(target)) throw new CliError(`${target} exists; choose a new file`);
  await withConnection(ctx, async (conn) => {
    requireVault(ctx, await conn.client.vault.state({}));
    const passphrase = await vaultPassphrase(ctx, flags, 'Vault passphrase (to export its identity): ');
    const { identity } = await conn.client.vault.exportIdentity({ passphrase });
    const recipient = identityToRecipient(identity).toString();
    const file = [
      `# Sahel vault identity, exported ${new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')}`,
      `# public key: ${recipient}`,
      identity,
    ].join('\n');
    process.stderr.write(
      'Warning: this is the secret key of your vault. Anyone who has it can decrypt everything in it;\n' +
        'keep it offline (age -d -i <file> <data dir>/vault/blobs/<blob>.age reads any item).\n',
    );
    if (target) {
      writeFileSync(target, `${file}\n`, { mode: 0o600, flag: 'wx' });
      ctx.out.result(`Wrote the vault identity to ${target} (mode 0600).`, { path: target, recipient });
    } else {
      ctx.out.result(file, { identity, recipient });
    }
  });
}
