import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../src-main/store/database.js';
import { freePort } from './anvil.js';

/** Writes one setting into a data dir as the Settings page would (JSON, as the settings repo keeps it), before the owner starts. */
export function presetSetting(dataDir: string, key: string, value: unknown): void {
  const db = openDatabase(join(dataDir, 'sahel.db'));
  try {
    db.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)').run(key, JSON.stringify(value));
  } finally {
    db.close();
  }
}

/**
 * Gives a data dir's blob listener a port free now, written to its settings as the Settings page would
 * (before the owner starts), so a test knows where the published blobs will be served.
 */
export async function presetBlobPort(dataDir: string): Promise<number> {
  const port = await freePort();
  presetSetting(dataDir, 'marketHostPort', port);
  return port;
}

/**
 * What a market e2e test prepares before `sahel serve` starts: a vault, the seller's and the buyer's
 * devnet keys in one wallet (key files written to `dir`, 0600), and a blob port of its own. `sahel`
 * runs the CLI on the data dir and returns its output.
 */
export async function prepareTwoAccounts(
  dir: string,
  dataDir: string,
  keys: { seller: string; buyer: string },
  sahel: (args: string[]) => Promise<string>,
): Promise<void> {
  writeFileSync(join(dir, 'seller'), `${keys.seller}\n`, { mode: 0o600 });
  writeFileSync(join(dir, 'buyer'), `${keys.buyer}\n`, { mode: 0o600 });
  await sahel(['vault', 'init']);
  await sahel(['wallet', 'import', '--private-key-file', join(dir, 'seller'), '--name', 'Seller']);
  await sahel(['wallet', 'import', '--private-key-file', join(dir, 'buyer'), '--name', 'Buyer']);
  // Its own blob port: the default (7417) may be another test's owner, whose listener would answer.
  await presetBlobPort(dataDir);
}
