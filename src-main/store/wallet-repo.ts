import type { Db } from './database.js';

/** A stored secret: opaque sealed bytes; the store never sees a phrase or a key. */
export interface WalletSecretRow {
  id: string;
  kind: 'mnemonic' | 'key';
  sealed: Buffer;
  backup_confirmed: 0 | 1;
  created: string;
}

export interface WalletAccountRow {
  address: `0x${string}`;
  seq: number;
  secret_id: string;
  hd_index: number | null;
  /** The sealed name. */
  name: Buffer;
  created: string;
}

export type NewAccount = Omit<WalletAccountRow, 'seq'>;

export class WalletRepo {
  constructor(private readonly db: Db) {}

  secrets(): WalletSecretRow[] {
    return this.db.prepare('SELECT * FROM wallet_secrets ORDER BY created, id').all() as WalletSecretRow[];
  }

  secret(id: string): WalletSecretRow | undefined {
    return this.db.prepare('SELECT * FROM wallet_secrets WHERE id = ?').get(id) as
      | WalletSecretRow
      | undefined;
  }

  mnemonic(): WalletSecretRow | undefined {
    return this.db.prepare("SELECT * FROM wallet_secrets WHERE kind = 'mnemonic'").get() as
      | WalletSecretRow
      | undefined;
  }

  accounts(): WalletAccountRow[] {
    return this.db.prepare('SELECT * FROM wallet_accounts ORDER BY seq').all() as WalletAccountRow[];
  }

  account(address: string): WalletAccountRow | undefined {
    return this.db.prepare('SELECT * FROM wallet_accounts WHERE address = ?').get(address) as
      | WalletAccountRow
      | undefined;
  }

  nextHdIndex(secretId: string): number {
    const row = this.db
      .prepare('SELECT COALESCE(MAX(hd_index) + 1, 0) AS n FROM wallet_accounts WHERE secret_id = ?')
      .get(secretId) as { n: number };
    return row.n;
  }

  /** A secret and its first account, in one transaction: never a key without an account or the reverse. */
  insertSecret(secret: WalletSecretRow, account: NewAccount): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          'INSERT INTO wallet_secrets (id, kind, sealed, backup_confirmed, created) VALUES (?, ?, ?, ?, ?)',
        )
        .run(secret.id, secret.kind, secret.sealed, secret.backup_confirmed, secret.created);
      this.insertAccount(account);
    })();
  }

  insertAccount(a: NewAccount): void {
    this.db
      .prepare(
        `INSERT INTO wallet_accounts (address, seq, secret_id, hd_index, name, created)
         VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM wallet_accounts), ?, ?, ?, ?)`,
      )
      .run(a.address, a.secret_id, a.hd_index, a.name, a.created);
  }

  /** Puts back the address an account's sealed key gives, where the stored one was changed. */
  fixAddress(stored: string, sealed: string): void {
    this.db.prepare('UPDATE wallet_accounts SET address = ? WHERE address = ?').run(sealed, stored);
  }

  rename(address: string, sealedName: Buffer): void {
    this.db.prepare('UPDATE wallet_accounts SET name = ? WHERE address = ?').run(sealedName, address);
  }

  confirmBackup(secretId: string): void {
    this.db.prepare('UPDATE wallet_secrets SET backup_confirmed = 1 WHERE id = ?').run(secretId);
  }
}
