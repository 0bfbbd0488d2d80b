import type { Db } from './database.js';

/** One outflow the agent made without asking. `token`: a lower-case address or 'native'. */
export interface SpendRow {
  at: number;
  token: string;
  amount: bigint;
  taskId: string | null;
}

/** The agent's spend ledger (migration 0013): sums over a time window or a task, never a purge. */
export class AgentSpendRepo {
  constructor(private readonly db: Db) {}

  add(rows: SpendRow[]): void {
    const insert = this.db.prepare(
      'INSERT INTO agent_spend (at, token, amount, task_id) VALUES (?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      for (const r of rows) insert.run(r.at, r.token, r.amount.toString(), r.taskId);
    })();
  }

  /** What was moved of each token since `since` (ms); summed as bigint, never as a float. */
  since(since: number): Map<string, bigint> {
    const rows = this.db.prepare('SELECT token, amount FROM agent_spend WHERE at > ?').all(since) as {
      token: string;
      amount: string;
    }[];
    return sum(rows);
  }

  /** What one task has moved of each token. */
  forTask(taskId: string): Map<string, bigint> {
    const rows = this.db.prepare('SELECT token, amount FROM agent_spend WHERE task_id = ?').all(taskId) as {
      token: string;
      amount: string;
    }[];
    return sum(rows);
  }
}

function sum(rows: { token: string; amount: string }[]): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const r of rows) out.set(r.token, (out.get(r.token) ?? 0n) + BigInt(r.amount));
  return out;
}
