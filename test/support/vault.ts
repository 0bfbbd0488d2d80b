import { join } from 'node:path';
import { openDatabase } from '../../src-main/store/database.js';
import { VaultItemsRepo } from '../../src-main/store/vault-items-repo.js';
import type { DeviceKeyring } from '../../src-main/vault/device-keyring.js';
import type { KdfPolicy } from '../../src-main/vault/kdf.js';
import { Vault } from '../../src-main/vault/vault.js';
import { silentLogger } from './logger.js';

/**
 * Argon2id at its minimum (1 pass, 8 MiB), for tests that unlock many times. The real policy's
 * floor is MODERATE; tests of that policy use it directly.
 */
export const FAST_KDF: KdfPolicy = {
  target: { ops: 1, mem: 8 * 1024 * 1024 },
  floor: { ops: 1, mem: 8 * 1024 * 1024 },
  cap: { ops: 4, mem: 64 * 1024 * 1024 },
};

/** A vault on a data dir (the database file and vault/ beside it), as core.ts builds it. */
export function openTestVault(dataDir: string, now?: () => number, keyring?: DeviceKeyring) {
  const db = openDatabase(join(dataDir, 'sahel.db'));
  const vault = new Vault({
    dir: join(dataDir, 'vault'),
    runDir: join(dataDir, 'run'),
    repo: new VaultItemsRepo(db),
    log: silentLogger(),
    policy: FAST_KDF,
    ...(now ? { now } : {}),
    ...(keyring ? { keyring } : {}),
  });
  return {
    db,
    vault,
    close() {
      vault.close();
      db.close();
    },
  };
}
