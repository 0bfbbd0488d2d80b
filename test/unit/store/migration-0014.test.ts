import { describe, expect, it } from 'vitest';
import { migrate, openDatabase, schemaVersion } from '../../../src-main/store/database.js';
import { MIGRATIONS } from '../../../src-main/store/migrations/index.js';
import { type TaskRow, type TaskRunRow, TasksRepo } from '../../../src-main/store/tasks-repo.js';

const task = (id: string, o: Partial<TaskRow> = {}): TaskRow => ({
  id,
  kind: 'notify',
  name: 'n',
  trigger: '{"type":"every","ms":60000}',
  missed: 'skip',
  scope: '{}',
  settings: Buffer.from([1, 2]),
  state: 'active',
  created: 1,
  nextDue: 100,
  lastRun: null,
  ...o,
});
const run = (id: string, taskId: string, o: Partial<TaskRunRow> = {}): TaskRunRow => ({
  id,
  taskId,
  due: 100,
  notBefore: 100,
  started: null,
  ended: null,
  status: 'queued',
  attempt: 1,
  error: null,
  log: null,
  tokens: 0,
  spent: '{}',
  ...o,
});

describe('0014 tasks, their runs and idempotency keys', () => {
  it('adds the tables after 0013, keeping earlier data', () => {
    const db = openDatabase(':memory:', { migrate: false });
    migrate(db, MIGRATIONS, 13);
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('theme', '"dark"');
    migrate(db, MIGRATIONS, 14);
    expect(schemaVersion(db)).toBe(14);
    expect(db.prepare('SELECT value FROM settings').get()).toEqual({ value: '"dark"' });
    expect(new TasksRepo(db).all()).toEqual([]);
  });

  it('checks kinds, states, statuses, attempts and JSON', () => {
    const repo = new TasksRepo(openDatabase(':memory:'));
    expect(() => repo.insert(task('a', { kind: 'mine-bitcoin' }))).toThrow(/CHECK/);
    expect(() => repo.insert(task('a', { state: 'sleeping' as 'active' }))).toThrow(/CHECK/);
    expect(() => repo.insert(task('a', { trigger: 'not json' }))).toThrow(/CHECK/);
    expect(() => repo.insert(task('a', { missed: 'always' }))).toThrow(/CHECK/);
    repo.insert(task('a'));
    expect(() => repo.schedule('a', [run('r', 'a', { status: 'done' })])).toThrow(/CHECK/);
    expect(() => repo.schedule('a', [run('r', 'a', { attempt: 0 })])).toThrow(/CHECK/);
    expect(() => repo.schedule('nope', [run('r', 'nope')])).toThrow(/FOREIGN KEY/);
  });

  it('schedules runs and the next slot together, starts a queued run once, ends a running one once', () => {
    const repo = new TasksRepo(openDatabase(':memory:'));
    repo.insert(task('a'));
    repo.schedule('a', [run('r1', 'a')], 200);
    expect(repo.get('a')).toMatchObject({ nextDue: 200, lastRun: 'r1' });
    // A failing insert takes the move of the slot back with it.
    expect(() => repo.schedule('a', [run('r1', 'a')], 300)).toThrow(/UNIQUE/);
    expect(repo.get('a')?.nextDue).toBe(200);
    expect(repo.ready(99, 10)).toEqual([]);
    expect(repo.ready(100, 10).map((r) => r.id)).toEqual(['r1']);
    expect(repo.start('r1', 150)).toBe(true);
    expect(repo.start('r1', 151)).toBe(false);
    expect(repo.running().map((r) => r.id)).toEqual(['r1']);
    const end = {
      status: 'succeeded',
      ended: 160,
      error: null,
      log: null,
      tokens: 3,
      spent: '{"native":"5"}',
    };
    expect(repo.end('r1', end)).toBe(true);
    expect(repo.end('r1', { ...end, status: 'timed-out' })).toBe(false);
    expect(repo.getRun('r1')).toMatchObject({ status: 'succeeded', started: 150, ended: 160, tokens: 3 });
  });

  it('wakes at the soonest slot or future queued run, of active tasks only', () => {
    const repo = new TasksRepo(openDatabase(':memory:'));
    expect(repo.nextWake(0)).toBeNull();
    repo.insert(task('a', { nextDue: 500 }));
    expect(repo.nextWake(0)).toBe(500);
    repo.schedule('a', [run('r1', 'a', { notBefore: 300 })]);
    expect(repo.nextWake(0)).toBe(300);
    // A run that could start already waits for a free slot, not for the clock.
    expect(repo.nextWake(300)).toBe(500);
    repo.setState('a', 'paused', 500);
    expect(repo.nextWake(0)).toBeNull();
    expect(repo.ready(1_000, 10)).toEqual([]);
  });

  it('stores an idempotency key once; a released key (nothing sent) may be claimed again', () => {
    const db = openDatabase(':memory:');
    const repo = new TasksRepo(db);
    repo.insert(task('a'));
    expect(repo.claimAction('a/100/buy', 'a', 'r1', 1)).toBe(true);
    expect(repo.claimAction('a/100/buy', 'a', 'r2', 2)).toBe(false);
    repo.releaseAction('a/100/buy');
    expect(repo.claimAction('a/100/buy', 'a', 'r2', 2)).toBe(true);
    repo.setActionResult('a/100/buy', 'tx 0xabc');
    // Once it is sent, the key stays.
    repo.releaseAction('a/100/buy');
    expect(repo.actionResult('a/100/buy')).toEqual({ runId: 'r2', result: 'tx 0xabc' });
    // Removing a task removes its runs and keys.
    repo.schedule('a', [run('r9', 'a')]);
    expect(repo.remove('a')).toBe(true);
    expect(db.prepare('SELECT count(*) AS n FROM task_runs').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM task_actions').get()).toEqual({ n: 0 });
  });
});
