import { createInterface } from 'node:readline/promises';
import type { SahelClient } from '../../../../src-shared/api/contract.js';
import type { CliContext } from '../context.js';
import { CliError } from '../output.js';
import { readPassphrase } from '../passphrase.js';
import { readSecretFile } from '../secret-file.js';
import { requireVault, type VaultPassFlags, vaultPassphrase, withConnection } from './vault-session.js';

/**
 * Runs `fn` with the vault unlocked and the vault passphrase in hand, for the wallet's operations that
 * check it again (reveal, export). The passphrase is read once: it unlocks a locked vault (locked
 * again after, as every vault command does) and goes to `fn`.
 */
export async function withPassphrase<T>(
  ctx: CliContext,
  flags: VaultPassFlags,
  fn: (client: SahelClient, passphrase: string) => Promise<T>,
): Promise<T> {
  return withConnection(ctx, async (conn) => {
    const state = await conn.client.vault.state({});
    requireVault(ctx, state);
    const passphrase = await vaultPassphrase(ctx, flags);
    if (state.state === 'unlocked') return fn(conn.client, passphrase);
    await conn.client.vault.unlock({ passphrase });
    try {
      return await fn(conn.client, passphrase);
    } finally {
      if (!conn.local) await conn.client.vault.lock({}).catch(() => undefined);
    }
  });
}

/**
 * A secret from a file (the whole file, trimmed; recovery phrases may span lines) or typed at a
 * terminal with echo off. Never from argv, where other users see it in the process list.
 */
export async function readSecret(what: string, file: string | undefined, maxBytes = 4096): Promise<string> {
  if (file) {
    const value = readSecretFile(file, what, maxBytes).trim();
    if (!value) throw new CliError(`The ${what} file ${file} is empty`);
    return value;
  }
  if (!process.stdin.isTTY) {
    throw new CliError(`The ${what} is needed: run in a terminal, or name a file that holds it`);
  }
  return readPassphrase(`${what[0]!.toUpperCase()}${what.slice(1)}: `, {});
}

/** Waits for Enter at the terminal (nothing is echoed back but the newline). */
export async function pressEnter(prompt: string): Promise<void> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    await rl.question(prompt);
  } finally {
    rl.close();
  }
}

/** The backup words as a numbered grid, four to a row, for writing down. */
export function wordGrid(words: string[]): string {
  const cells = words.map((w, i) => `${String(i + 1).padStart(2)}. ${w}`.padEnd(18));
  const rows: string[] = [];
  for (let i = 0; i < cells.length; i += 4)
    rows.push(
      `  ${cells
        .slice(i, i + 4)
        .join('')
        .trimEnd()}`,
    );
  return rows.join('\n');
}
