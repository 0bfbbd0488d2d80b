import { join } from 'node:path';
import { openDatabase } from '../../src-main/store/database.js';
import { freePort } from './anvil.js';

/**
 * Gives a data dir's blob listener a port free now, written to its settings as the Settings page would
 * (before the owner starts), so a test knows where the published blobs will be served.
 */
export async function presetBlobPort(dataDir: string): Promise<number> {
  const port = await freePort();
  const db = openDatabase(join(dataDir, 'sahel.db'));
  try {
    db.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)').run(
      'marketHostPort',
      String(port),
    );
  } finally {
    db.close();
  }
  return port;
}
