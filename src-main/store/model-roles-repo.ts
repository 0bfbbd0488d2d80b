import { z } from 'zod';
import type { Db } from './database.js';

export type ModelPurpose = 'chat' | 'embedding';

/**
 * What the user decided about their models: the embedding model retrieval uses (one, or none), and
 * the purpose of models whose file does not say (an imported GGUF of a chat architecture the user
 * marked as an embedding model). Kept as one JSON row of the `settings` table under a key that the
 * settings API neither returns nor accepts, so only the model manager changes it; no migration.
 */
const Roles = z.object({
  embedding: z.string().max(80).nullable(),
  purposes: z.record(z.string().max(80), z.enum(['chat', 'embedding'])),
});
type Roles = z.infer<typeof Roles>;

const KEY = 'models.roles';
const EMPTY: Roles = { embedding: null, purposes: {} };

export class ModelRolesRepo {
  constructor(private readonly db: Db) {}

  embeddingModel(): string | null {
    return this.read().embedding;
  }

  setEmbeddingModel(id: string | null): void {
    this.write({ ...this.read(), embedding: id });
  }

  purpose(id: string): ModelPurpose | undefined {
    return this.read().purposes[id];
  }

  setPurpose(id: string, purpose: ModelPurpose): void {
    const roles = this.read();
    this.write({ ...roles, purposes: { ...roles.purposes, [id]: purpose } });
  }

  /** Forgets a removed model: its purpose, and the embedding choice when it was that model. */
  forget(id: string): void {
    const roles = this.read();
    const { [id]: _gone, ...purposes } = roles.purposes;
    this.write({ embedding: roles.embedding === id ? null : roles.embedding, purposes });
  }

  /** A missing or unreadable row is "nothing chosen": the worst case is BM25-only retrieval. */
  private read(): Roles {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(KEY) as
      | { value: string }
      | undefined;
    if (!row) return EMPTY;
    const parsed = Roles.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : EMPTY;
  }

  private write(roles: Roles): void {
    this.db
      .prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      )
      .run(KEY, JSON.stringify(roles));
  }
}
