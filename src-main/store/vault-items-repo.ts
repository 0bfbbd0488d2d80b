import type { Db } from './database.js';

/** A vault item row as stored: opaque to the store, which never sees plaintext. */
export interface VaultItemRow {
  id: string;
  seq: number;
  blob: string | null;
  meta: Buffer;
}

export class VaultItemsRepo {
  constructor(private readonly db: Db) {}

  all(): VaultItemRow[] {
    return this.db
      .prepare('SELECT id, seq, blob, meta FROM vault_items ORDER BY seq')
      .all() as VaultItemRow[];
  }

  get(id: string): VaultItemRow | undefined {
    return this.db.prepare('SELECT id, seq, blob, meta FROM vault_items WHERE id = ?').get(id) as
      | VaultItemRow
      | undefined;
  }

  insert(row: Omit<VaultItemRow, 'seq'>): void {
    this.db
      .prepare(
        'INSERT INTO vault_items (id, seq, blob, meta) VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM vault_items), ?, ?)',
      )
      .run(row.id, row.blob, row.meta);
  }

  updateMeta(id: string, meta: Buffer): void {
    this.db.prepare('UPDATE vault_items SET meta = ? WHERE id = ?').run(meta, id);
  }

  delete(ids: string[]): void {
    const del = this.db.prepare('DELETE FROM vault_items WHERE id = ?');
    this.db.transaction(() => {
      for (const id of ids) del.run(id);
    })();
  }

  blobNames(): Set<string> {
    const rows = this.db.prepare('SELECT blob FROM vault_items WHERE blob IS NOT NULL').all() as {
      blob: string;
    }[];
    return new Set(rows.map((r) => r.blob));
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM vault_items').get() as { n: number }).n;
  }
}
