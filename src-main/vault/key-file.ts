import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const KEY_FILE_MISSING =
  "The vault's key file (vault/keyslots.json) is missing: restore it from a backup of the data dir " +
  '(the items in sahel.db cannot be opened without it)';

/** What the vault's files alone say: no database, no key, no owner needed. */
export interface KeyFileView {
  state: 'uninitialised' | 'locked';
  /** The age recipient (public) the key file names, when it is whole. */
  recipient: string | null;
  problem: string | null;
}

/**
 * Reads `<vault dir>/keyslots.json` without opening the vault, for `sahel vault status` when no Sahel
 * runs: the database stays closed and nothing is written. A file Sahel wrote carries a checksum over
 * its fields in the order it writes them; when that matches, the file is whole and is taken as it
 * is. Anything else (an older file without a checksum, keys reordered by hand, damage) is judged by
 * the vault's own reader, which loads the schemas, so the answer is the one the owner would give.
 * Without a key file, encrypted files in blobs/ mean the key file was lost rather than never made
 * (a vault holding only folders has no blobs: it reads as not set up, and `vault init` refuses it).
 */
export async function readKeyFileView(vaultDir: string): Promise<KeyFileView> {
  const file = join(vaultDir, 'keyslots.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return judged(file);
    return hasBlobs(vaultDir)
      ? { state: 'locked', recipient: null, problem: KEY_FILE_MISSING }
      : { state: 'uninitialised', recipient: null, problem: null };
  }
  const recipient = checkedRecipient(text);
  return recipient ? { state: 'locked', recipient, problem: null } : judged(file);
}

/** The vault's own reader decides, and names what is wrong in its words. */
async function judged(file: string): Promise<KeyFileView> {
  const { readHeader } = await import('./keyslots.js');
  try {
    return { state: 'locked', recipient: readHeader(file).recipient, problem: null };
  } catch (err) {
    return { state: 'locked', recipient: null, problem: (err as Error).message };
  }
}

/** The recipient of a key file whose checksum matches its fields as written; undefined otherwise. */
function checkedRecipient(text: string): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null) return undefined;
  const { format, version, recipient, slots, check } = json as Record<string, unknown>;
  if (format !== 'sahel-vault' || version !== 1) return undefined;
  if (typeof recipient !== 'string' || !recipient.startsWith('age1')) return undefined;
  if (!Array.isArray(slots) || slots.length < 1 || slots.length > 8 || typeof check !== 'string')
    return undefined;
  const sum = createHash('sha256')
    .update(JSON.stringify({ format, version, recipient, slots }))
    .digest('hex');
  return sum === check ? recipient : undefined;
}

function hasBlobs(vaultDir: string): boolean {
  try {
    return readdirSync(join(vaultDir, 'blobs')).some((name) => name.endsWith('.age'));
  } catch {
    return false;
  }
}
