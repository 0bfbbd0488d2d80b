import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import type { SahelClient } from '../../../../src-shared/api/contract.js';
import type { VaultState } from '../../../../src-shared/domain/vault.js';
import { dataDirLayout, type LockInfo, readOwner } from '../../../platform/index.js';
import { type Connection, connect } from '../connect.js';
import type { CliContext } from '../context.js';
import { CliError, UsageError } from '../output.js';
import { readPassphrase, readPassphraseFile } from '../passphrase.js';

/** `--passphrase-file`: the vault's passphrase, on every vault command that needs it. */
export interface VaultPassFlags {
  passphraseFile?: string;
}

export const ITEM_ID = /^[0-9a-f]{32}$/;

export function checkId(id: string): string {
  if (!ITEM_ID.test(id)) throw new UsageError(`${JSON.stringify(id)} is not an item id (32 hex characters)`);
  return id;
}

/** The running owner of the data dir (app or `sahel serve`), if any. */
export function runningOwner(ctx: CliContext): LockInfo | undefined {
  return readOwner(dataDirLayout(ctx.dataDir).lock);
}

export function noVault(ctx: CliContext): CliError {
  return new CliError(`There is no vault in ${ctx.dataDir} yet: run sahel vault init`);
}

/** Reads the vault passphrase: --passphrase-file, else SAHEL_PASSPHRASE_FILE, else a TTY prompt. */
export function vaultPassphrase(ctx: CliContext, flags: VaultPassFlags, prompt = 'Vault passphrase: ') {
  return readPassphrase(prompt, { file: flags.passphraseFile, envFile: ctx.env.passphraseFile });
}

/**
 * A new passphrase: from a file once, or typed twice at a terminal (the two must match). The owner
 * judges its strength, so its message is the one the user sees.
 */
export async function newPassphrase(file: string | undefined, what: string): Promise<string> {
  if (file) return readPassphraseFile(file);
  if (!process.stdin.isTTY) {
    throw new CliError(`${what} is needed: run in a terminal, or name a file that holds it`);
  }
  const first = await readPassphrase(`${what}: `, {});
  const again = await readPassphrase(`${what} (again): `, {});
  if (first !== again) throw new CliError('The two passphrases do not match');
  return first;
}

/** Runs `fn` against the data dir's owner (or this process as the owner), closing the connection after. */
export async function withConnection<T>(ctx: CliContext, fn: (conn: Connection) => Promise<T>): Promise<T> {
  const conn = await connect(ctx);
  try {
    return await fn(conn);
  } finally {
    await conn.close();
  }
}

/**
 * Runs `fn` with the vault unlocked. A running owner that is already unlocked is used as it is;
 * otherwise the passphrase is read and the vault unlocked for this command, and locked again after
 * it (so a command never leaves a running Sahel more open than it found it; `sahel vault unlock`
 * is the way to keep it unlocked). Without a running owner this process is the owner for the
 * length of the command, and its vault locks when the command ends.
 */
export async function withUnlockedVault<T>(
  ctx: CliContext,
  flags: VaultPassFlags,
  fn: (client: SahelClient, conn: Connection) => Promise<T>,
): Promise<T> {
  if (!runningOwner(ctx) && !existsSync(dataDirLayout(ctx.dataDir).root)) throw noVault(ctx);
  return withConnection(ctx, async (conn) => {
    const { client } = conn;
    const state = await client.vault.state({});
    if (state.state === 'unlocked') return fn(client, conn);
    requireVault(ctx, state);
    const passphrase = await vaultPassphrase(ctx, flags);
    await client.vault.unlock({ passphrase });
    try {
      return await fn(client, conn);
    } finally {
      if (!conn.local) await client.vault.lock({}).catch(() => undefined);
    }
  });
}

/** Fails unless a vault exists, and before asking a passphrase the owner would refuse anyway. */
export function requireVault(ctx: CliContext, state: VaultState): void {
  if (state.state === 'uninitialised') throw noVault(ctx);
  if (state.retryAfter > 0) {
    throw new CliError(`Too many wrong attempts: try again in ${Math.ceil(state.retryAfter)} s`);
  }
}

/** Asks a yes/no question on the terminal; anything but y/yes is no. */
export async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

/** Everything on stdin, as UTF-8 (for `vault note`). */
export async function readStdin(maxBytes: number): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > maxBytes) throw new CliError(`The text on stdin is larger than ${maxBytes} bytes`);
    parts.push(buf);
  }
  return Buffer.concat(parts).toString('utf8');
}
