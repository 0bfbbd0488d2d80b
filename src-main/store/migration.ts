import type { Database } from 'better-sqlite3';

/** One step of the schema. Versions are 1, 2, 3… with no gaps; a shipped migration never changes. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database): void;
}
