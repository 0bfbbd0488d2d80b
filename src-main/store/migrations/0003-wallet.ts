import type { Migration } from '../migration.js';

/**
 * The wallet. Secrets (the recovery phrase, imported private keys) are stored only as vault-sealed
 * records (`sealed`: ChaCha20-Poly1305 under the vault's record key, bound to kind and id), so nothing
 * here signs anything without the vault passphrase.
 *
 * Plain on purpose: addresses, HD indexes, the source of each account and the backup flag. Addresses
 * are public on chain anyway, and keeping them readable lets balances and history show, and the CLI
 * answer `wallet address`, while the vault is locked. Account names are the user's own words (they
 * can say more than an address does), so they are sealed like vault item names, bound to the address.
 *
 * At most one recovery phrase: the partial unique index makes a second 'mnemonic' row impossible.
 */
export const m0003Wallet: Migration = {
  version: 3,
  name: 'wallet',
  up(db) {
    db.exec(`
      CREATE TABLE wallet_secrets (
        id               TEXT PRIMARY KEY NOT NULL,
        kind             TEXT NOT NULL CHECK (kind IN ('mnemonic', 'key')),
        sealed           BLOB NOT NULL,
        backup_confirmed INTEGER NOT NULL DEFAULT 0 CHECK (backup_confirmed IN (0, 1)),
        created          TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX wallet_one_mnemonic ON wallet_secrets (kind) WHERE kind = 'mnemonic';
      CREATE TABLE wallet_accounts (
        address   TEXT PRIMARY KEY NOT NULL CHECK (address GLOB '0x*' AND length(address) = 42),
        seq       INTEGER NOT NULL UNIQUE,
        secret_id TEXT NOT NULL REFERENCES wallet_secrets (id) ON DELETE RESTRICT,
        hd_index  INTEGER CHECK (hd_index IS NULL OR hd_index >= 0),
        name      BLOB NOT NULL,
        created   TEXT NOT NULL,
        UNIQUE (secret_id, hd_index)
      ) STRICT;
    `);
  },
};
