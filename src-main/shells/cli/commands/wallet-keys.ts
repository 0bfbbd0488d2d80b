import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SahelClient } from '../../../../src-shared/api/contract.js';
import { writeFileAtomic } from '../../../platform/index.js';
import type { CliContext } from '../context.js';
import { CliError, UsageError } from '../output.js';
import { readPassphrase, readPassphraseFile } from '../passphrase.js';
import { type VaultPassFlags, withUnlockedVault } from './vault-session.js';
import { readSecret, withPassphrase } from './wallet-session.js';

type ImportInput = Parameters<SahelClient['wallet']['import']>[0];

export interface ImportFlags extends VaultPassFlags {
  mnemonic?: boolean;
  mnemonicFile?: string;
  privateKey?: boolean;
  privateKeyFile?: string;
  keystore?: string;
  passwordFile?: string;
  name?: string;
}

/** `sahel wallet import`: a recovery phrase, a private key or a keystore file; secrets never from argv. */
export async function walletImportCommand(ctx: CliContext, flags: ImportFlags): Promise<void> {
  const chosen = [
    flags.mnemonic || flags.mnemonicFile !== undefined,
    flags.privateKey || flags.privateKeyFile !== undefined,
    flags.keystore !== undefined,
  ].filter(Boolean).length;
  if (chosen !== 1) {
    throw new UsageError(
      'Name one of --mnemonic-file <f> (or --mnemonic), --private-key-file <f> (or --private-key), --keystore <f>',
    );
  }
  const name = flags.name === undefined ? {} : { name: flags.name };
  let input: ImportInput;
  if (flags.mnemonic || flags.mnemonicFile !== undefined) {
    input = {
      kind: 'mnemonic',
      mnemonic: await readSecret('recovery phrase', abs(flags.mnemonicFile)),
      ...name,
    };
  } else if (flags.privateKey || flags.privateKeyFile !== undefined) {
    input = {
      kind: 'privateKey',
      privateKey: await readSecret('private key', abs(flags.privateKeyFile)),
      ...name,
    };
  } else {
    const json = await readSecret('keystore', abs(flags.keystore), 64 * 1024);
    const password = flags.passwordFile
      ? readPassphraseFile(resolve(flags.passwordFile))
      : await readPassphrase('Keystore password: ', {}).catch(() => {
          throw new CliError(
            'The keystore password is needed: run in a terminal, or pass --password-file <f>',
          );
        });
    input = { kind: 'keystore', json, password, ...name };
  }
  await withUnlockedVault(ctx, flags, async (client) => {
    const account = await client.wallet.import(input);
    ctx.out.result(`Imported ${account.address} as "${account.name ?? ''}".`, account);
  });
}

export interface ExportFlags extends VaultPassFlags {
  address: string;
  out: string;
  passwordFile?: string;
  force?: boolean;
}

/**
 * `sahel wallet export`: one account's key as a keystore v3 file (scrypt) for other wallets, under a
 * new password (from --password-file, or typed twice), after the vault passphrase.
 */
export async function walletExportCommand(ctx: CliContext, flags: ExportFlags): Promise<void> {
  if (!/^0x[0-9a-fA-F]{40}$/.test(flags.address)) {
    throw new UsageError(`${JSON.stringify(flags.address)} is not an address`);
  }
  const out = resolve(flags.out);
  if (existsSync(out) && !flags.force) throw new CliError(`${out} exists: pass --force to replace it`);
  const password = await keystorePassword(flags.passwordFile);
  await withPassphrase(ctx, flags, async (client, passphrase) => {
    const { json } = await client.wallet.exportKeystore({
      address: flags.address as `0x${string}`,
      password,
      passphrase,
    });
    writeFileAtomic(out, `${json}\n`, 0o600);
    ctx.out.result(`Wrote the keystore of ${flags.address} to ${out}.`, {
      address: flags.address,
      path: out,
    });
  });
}

async function keystorePassword(file: string | undefined): Promise<string> {
  if (file) return readPassphraseFile(resolve(file));
  if (!process.stdin.isTTY) {
    throw new CliError(
      'A password for the keystore is needed: run in a terminal, or pass --password-file <f>',
    );
  }
  const first = await readPassphrase('New keystore password: ', {});
  const again = await readPassphrase('New keystore password (again): ', {});
  if (first !== again) throw new CliError('The two passwords do not match');
  return first;
}

function abs(file: string | undefined): string | undefined {
  return file === undefined ? undefined : resolve(file);
}
