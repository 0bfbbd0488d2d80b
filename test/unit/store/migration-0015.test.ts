import { describe, expect, it } from 'vitest';
import { migrate, openDatabase, schemaVersion } from '../../../src-main/store/database.js';
import { MIGRATIONS } from '../../../src-main/store/migrations/index.js';
import { TasksRepo } from '../../../src-main/store/tasks-repo.js';

describe('0015 runs that wait for an approval', () => {
  it('keeps the runs 0014 held and accepts the waiting statuses, still refusing unknown ones', () => {
    const db = openDatabase(':memory:', { migrate: false });
    migrate(db, MIGRATIONS, 14);
    db.prepare(
      `INSERT INTO tasks (id, kind, name, trigger, missed, scope, settings, state, created)
       VALUES ('a', 'notify', 'n', '{}', 'skip', '{}', x'01', 'active', 1)`,
    ).run();
    db.prepare(
      `INSERT INTO task_runs (id, task_id, due, not_before, status, attempt, tokens, spent)
       VALUES ('r1', 'a', 100, 100, 'running', 1, 4, '{"native":"2"}')`,
    ).run();
    expect(() => db.prepare("UPDATE task_runs SET status = 'waiting-approval'").run()).toThrow(/CHECK/);
    migrate(db, MIGRATIONS, 15);
    expect(schemaVersion(db)).toBe(15);
    const repo = new TasksRepo(db);
    expect(repo.running().map((r) => [r.id, r.tokens, r.spent])).toEqual([['r1', 4, '{"native":"2"}']]);
    const end = { ended: 150, error: null, log: null, tokens: 4, spent: '{}' };
    expect(repo.end('r1', { ...end, status: 'waiting-approval' })).toBe(true);
    expect(repo.waiting().map((r) => r.id)).toEqual(['r1']);
    // Only a waiting run ends from waiting, once.
    expect(repo.end('r1', { ...end, status: 'rejected' })).toBe(false);
    expect(repo.end('r1', { ...end, status: 'rejected' }, 'waiting-approval')).toBe(true);
    expect(repo.end('r1', { ...end, status: 'expired' }, 'waiting-approval')).toBe(false);
    expect(repo.getRun('r1')?.status).toBe('rejected');
    expect(() => db.prepare("UPDATE task_runs SET status = 'done'").run()).toThrow(/CHECK/);
    // Removing the task still takes its runs with it.
    db.prepare("DELETE FROM tasks WHERE id = 'a'").run();
    expect(repo.getRun('r1')).toBeUndefined();
  });
});
