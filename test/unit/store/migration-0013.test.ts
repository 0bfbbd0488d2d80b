import { describe, expect, it } from 'vitest';
import { AgentAuditRepo, GENESIS } from '../../../src-main/store/agent-audit-repo.js';
import { AgentPolicyRepo } from '../../../src-main/store/agent-policy-repo.js';
import { AgentSpendRepo } from '../../../src-main/store/agent-spend-repo.js';
import { migrate, openDatabase, schemaVersion } from '../../../src-main/store/database.js';
import { MIGRATIONS } from '../../../src-main/store/migrations/index.js';

const H = 'a'.repeat(64);

describe('0013 the agent: policy, audit log, spend ledger', () => {
  it('adds the three tables after 0012, keeping earlier data', () => {
    const db = openDatabase(':memory:', { migrate: false });
    migrate(db, MIGRATIONS, 12);
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('theme', '"dark"');
    migrate(db, MIGRATIONS, 13);
    expect(schemaVersion(db)).toBe(13);
    expect(db.prepare('SELECT value FROM settings').get()).toEqual({ value: '"dark"' });
  });

  it('keeps one policy row of JSON', () => {
    const db = openDatabase(':memory:');
    const repo = new AgentPolicyRepo(db);
    expect(repo.get()).toBeUndefined();
    repo.put('{"a":1}');
    repo.put('{"a":2}');
    expect(repo.get()).toBe('{"a":2}');
    expect(() => repo.put('not json')).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO agent_policy (id, value) VALUES (2, '{}')").run()).toThrow(/CHECK/);
    // The audit entry written alongside failing takes the change back with it.
    expect(() =>
      repo.put('{"a":3}', () => {
        throw new Error('locked');
      }),
    ).toThrow('locked');
    expect(repo.get()).toBe('{"a":2}');
  });

  it('chains audit rows from 64 zeros, and the next seq follows the last ever written', () => {
    const db = openDatabase(':memory:');
    const repo = new AgentAuditRepo(db);
    const seen: [number, string][] = [];
    const add = (hash: string) =>
      repo.append((seq, prev) => {
        seen.push([seq, prev]);
        return { id: `id${seq}`, body: Buffer.from([seq]), hash };
      });
    add(H);
    add('b'.repeat(64));
    expect(seen).toEqual([
      [1, GENESIS],
      [2, H],
    ]);
    db.prepare('DELETE FROM agent_audit WHERE seq = 2').run();
    expect(repo.lastWritten()).toBe(2);
    expect(add('c'.repeat(64)).seq).toBe(3);
    expect([...repo.all(1)].map((r) => r.seq)).toEqual([1, 3]);
    expect(repo.page(3, 10).map((r) => r.seq)).toEqual([1]);
    expect(() => repo.append(() => ({ id: 'x', body: Buffer.from([]), hash: 'short' }))).toThrow(/CHECK/);
  });

  it('sums the spend ledger per token over a window and per task, in bigint', () => {
    const repo = new AgentSpendRepo(openDatabase(':memory:'));
    const big = 2n ** 200n;
    repo.add([
      { at: 100, token: 'native', amount: big, taskId: null },
      { at: 200, token: 'native', amount: big, taskId: 't1' },
      { at: 300, token: '0xabc', amount: 5n, taskId: 't1' },
    ]);
    expect(repo.since(100)).toEqual(
      new Map([
        ['native', big],
        ['0xabc', 5n],
      ]),
    );
    expect(repo.since(0).get('native')).toBe(2n * big);
    expect(repo.forTask('t1')).toEqual(
      new Map([
        ['native', big],
        ['0xabc', 5n],
      ]),
    );
    expect(repo.forTask('t2')).toEqual(new Map());
  });
});
