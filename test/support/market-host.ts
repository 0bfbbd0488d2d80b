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
