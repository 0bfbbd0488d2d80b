import type { Db } from './database.js';

/**
 * The agent's policy as one JSON row (migration 0013). The store does not judge it: the agent layer
 * validates it on every load and falls back to its default when it is missing or damaged.
 */
export class AgentPolicyRepo {
  constructor(private readonly db: Db) {}

  /** The stored JSON, or undefined when none was ever saved. */
  get(): string | undefined {
    const row = this.db.prepare('SELECT value FROM agent_policy WHERE id = 1').get() as
      | { value: string }
      | undefined;
    return row?.value;
  }

  /** Saves the policy and runs `alongside` (the audit entry) in the same transaction: both or neither. */
  put(json: string, alongside: () => void = () => {}): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          'INSERT INTO agent_policy (id, value) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET value = excluded.value',
        )
        .run(json);
      alongside();
    })();
  }
}
