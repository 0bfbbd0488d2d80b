import type { Db } from './database.js';

export type ModelRowState = 'downloading' | 'paused' | 'failed' | 'ready';
export type ModelSource = 'catalog' | 'url' | 'import';

/** A row of `models`, as the model manager keeps it. */
export interface ModelRow {
  id: string;
  name: string;
  source: ModelSource;
  catalogId: string | null;
  url: string | null;
  path: string;
  owned: boolean;
  state: ModelRowState;
  bytes: number;
  sizeBytes: number | null;
  sha256: string | null;
  error: string | null;
  architecture: string | null;
  contextLength: number | null;
  created: string;
  updated: string;
}

interface Raw {
  id: string;
  name: string;
  source: ModelSource;
  catalog_id: string | null;
  url: string | null;
  path: string;
  owned: number;
  state: ModelRowState;
  bytes: number;
  size_bytes: number | null;
  sha256: string | null;
  error: string | null;
  architecture: string | null;
  context_length: number | null;
  created: string;
  updated: string;
}

const fromRaw = (r: Raw): ModelRow => ({
  id: r.id,
  name: r.name,
  source: r.source,
  catalogId: r.catalog_id,
  url: r.url,
  path: r.path,
  owned: r.owned === 1,
  state: r.state,
  bytes: r.bytes,
  sizeBytes: r.size_bytes,
  sha256: r.sha256,
  error: r.error,
  architecture: r.architecture,
  contextLength: r.context_length,
  created: r.created,
  updated: r.updated,
});

export type ModelPatch = Partial<
  Pick<ModelRow, 'state' | 'bytes' | 'sizeBytes' | 'sha256' | 'error' | 'architecture' | 'contextLength'>
>;

const COLUMNS: Record<keyof ModelPatch, string> = {
  state: 'state',
  bytes: 'bytes',
  sizeBytes: 'size_bytes',
  sha256: 'sha256',
  error: 'error',
  architecture: 'architecture',
  contextLength: 'context_length',
};

/** The `models` table (migration 0006). */
export class ModelsRepo {
  constructor(private readonly db: Db) {}

  list(): ModelRow[] {
    return (this.db.prepare('SELECT * FROM models ORDER BY created, id').all() as Raw[]).map(fromRaw);
  }

  get(id: string): ModelRow | undefined {
    const raw = this.db.prepare('SELECT * FROM models WHERE id = ?').get(id) as Raw | undefined;
    return raw && fromRaw(raw);
  }

  byPath(path: string): ModelRow | undefined {
    const raw = this.db.prepare('SELECT * FROM models WHERE path = ?').get(path) as Raw | undefined;
    return raw && fromRaw(raw);
  }

  insert(row: Omit<ModelRow, 'created' | 'updated'>): ModelRow {
    const now = new Date().toISOString();
    this.db
      .prepare(
        `INSERT INTO models (id, name, source, catalog_id, url, path, owned, state, bytes, size_bytes,
           sha256, error, architecture, context_length, created, updated)
         VALUES (@id, @name, @source, @catalogId, @url, @path, @owned, @state, @bytes, @sizeBytes,
           @sha256, @error, @architecture, @contextLength, @now, @now)`,
      )
      .run({ ...row, owned: row.owned ? 1 : 0, now });
    return this.get(row.id)!;
  }

  update(id: string, patch: ModelPatch): ModelRow | undefined {
    const sets: string[] = [];
    const values: Record<string, unknown> = { id, updated: new Date().toISOString() };
    for (const [key, value] of Object.entries(patch) as [keyof ModelPatch, unknown][]) {
      if (value === undefined) continue;
      sets.push(`${COLUMNS[key]} = @${key}`);
      values[key] = value;
    }
    if (sets.length > 0) {
      this.db.prepare(`UPDATE models SET ${sets.join(', ')}, updated = @updated WHERE id = @id`).run(values);
    }
    return this.get(id);
  }

  remove(id: string): boolean {
    return this.db.prepare('DELETE FROM models WHERE id = ?').run(id).changes > 0;
  }
}
