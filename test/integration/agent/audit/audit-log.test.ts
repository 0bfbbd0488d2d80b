import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog, MAX_RESULT_CHARS } from '../../../../src-main/agent/audit/audit-log.js';
import { Sealer } from '../../../../src-main/llm/index.js';
import { AgentAuditRepo } from '../../../../src-main/store/agent-audit-repo.js';
import { type Db, openDatabase } from '../../../../src-main/store/database.js';
import { tempDir } from '../../../support/tmp.js';
import { openTestVault } from '../../../support/vault.js';

const PASS = 'a long enough test passphrase';
const SECRET = 'my-private-search-words-4711';
const opened: { close(): void }[] = [];

afterEach(() => {
  for (const o of opened.splice(0)) o.close();
});

/** An audit log on a real data dir (SQLite file, unlocked vault) holding `n` entries. */
async function logWith(n: number) {
  const dir = tempDir();
  const t = openTestVault(dir);
  opened.push(t);
  await t.vault.create(PASS);
  const log = new AuditLog(new AgentAuditRepo(t.db), new Sealer(t.vault));
  for (let i = 1; i <= n; i++) {
    log.append({
      action: i % 2 ? 'vault_search' : 'wallet_send',
      actor: 'agent',
      arguments: { query: `${SECRET} ${i}`, nested: { b: i, a: [1, 2] } },
      decision: i % 2 ? 'allowed' : 'pending',
      rule: i % 2 ? 'read' : 'auto-approve-zero',
      result: `result ${i}`,
      conversationId: 'c1',
    });
  }
  /** Raw SQL on the same file through a second connection: the tamperer's view. */
  const raw = (edit: string | ((db: Db) => void)) => {
    const db = openDatabase(join(dir, 'sahel.db'), { migrate: false });
    if (typeof edit === 'string') db.exec(edit);
    else edit(db);
    db.close();
  };
  return { dir, t, log, raw };
}

describe('the audit log (real SQLite file, real vault)', () => {
  it('chains entries from 64 zeros, lists them newest first, and verifies intact', async () => {
    const { log } = await logWith(5);
    const all = log.list({ limit: 10 });
    expect(all.map((e) => e.seq)).toEqual([5, 4, 3, 2, 1]);
    const oldestFirst = [...all].reverse();
    expect(oldestFirst[0]!.prevHash).toBe('0'.repeat(64));
    for (let i = 1; i < oldestFirst.length; i++)
      expect(oldestFirst[i]!.prevHash).toBe(oldestFirst[i - 1]!.hash);
    expect(new Set(all.map((e) => e.hash)).size).toBe(5);
    expect(oldestFirst[1]).toMatchObject({
      action: 'wallet_send',
      actor: 'agent',
      arguments: { query: `${SECRET} 2`, nested: { a: [1, 2], b: 2 } },
      decision: 'pending',
      rule: 'auto-approve-zero',
      result: 'result 2',
      conversationId: 'c1',
    });
    expect(log.list({ limit: 2, before: 4 }).map((e) => e.seq)).toEqual([3, 2]);
    expect(log.verify()).toEqual({ ok: true, entries: 5 });
  });

  it('keeps arguments sealed on disk and caps the result', async () => {
    const { dir, t, log } = await logWith(2);
    log.append({
      action: 'vault_read',
      actor: 'agent',
      arguments: {},
      decision: 'allowed',
      rule: 'read',
      result: 'x'.repeat(10_000),
      conversationId: null,
    });
    expect(log.list({ limit: 1 })[0]!.result.length).toBe(MAX_RESULT_CHARS);
    t.db.pragma('wal_checkpoint(TRUNCATE)');
    const file = readFileSync(join(dir, 'sahel.db'));
    expect(file.includes(Buffer.from(SECRET))).toBe(false);
    expect(file.includes(Buffer.from('vault_search'))).toBe(false);
  });

  it('names an entry whose sealed body was edited', async () => {
    const { log, raw } = await logWith(5);
    raw((db) => {
      const { body } = db.prepare('SELECT body FROM agent_audit WHERE seq = 3').get() as { body: Buffer };
      body[40] = (body[40] ?? 0) ^ 1;
      db.prepare('UPDATE agent_audit SET body = ? WHERE seq = 3').run(body);
    });
    expect(log.verify()).toMatchObject({ ok: false, seq: 3, problem: expect.stringMatching(/edited/) });
  });

  it('names an entry whose hash or link was edited', async () => {
    const a = await logWith(5);
    a.raw(`UPDATE agent_audit SET hash = '${'f'.repeat(64)}' WHERE seq = 4`);
    expect(a.log.verify()).toMatchObject({ ok: false, seq: 4, problem: expect.stringMatching(/edited/) });
    const b = await logWith(5);
    b.raw(`UPDATE agent_audit SET prev_hash = '${'0'.repeat(64)}' WHERE seq = 2`);
    expect(b.log.verify()).toMatchObject({ ok: false, seq: 2, problem: expect.stringMatching(/edited/) });
  });

  it('names a removed entry, in the middle and at the end', async () => {
    const a = await logWith(5);
    a.raw('DELETE FROM agent_audit WHERE seq = 3');
    expect(a.log.verify()).toMatchObject({ ok: false, seq: 3, problem: expect.stringMatching(/removed/) });
    const b = await logWith(5);
    b.raw('DELETE FROM agent_audit WHERE seq >= 4');
    expect(b.log.verify()).toMatchObject({ ok: false, seq: 4, problem: expect.stringMatching(/removed/) });
  });

  it('names reordered entries', async () => {
    const { log, raw } = await logWith(5);
    raw(
      'UPDATE agent_audit SET seq = 100 WHERE seq = 2; UPDATE agent_audit SET seq = 2 WHERE seq = 4; UPDATE agent_audit SET seq = 4 WHERE seq = 100',
    );
    expect(log.verify()).toMatchObject({ ok: false, seq: 2, problem: expect.stringMatching(/reordered/) });
  });

  it('appends nothing while the vault is locked, and goes on chaining after reopening the file', async () => {
    const { dir, t, log } = await logWith(3);
    t.vault.lock();
    expect(() =>
      log.append({
        action: 'wallet_send',
        actor: 'agent',
        arguments: {},
        decision: 'denied',
        rule: 'unknown-tool',
        result: '',
        conversationId: null,
      }),
    ).toThrow(expect.objectContaining({ code: 'LOCKED' }));
    t.close();
    opened.length = 0;
    const again = openTestVault(dir);
    opened.push(again);
    await again.vault.unlock(PASS);
    const log2 = new AuditLog(new AgentAuditRepo(again.db), new Sealer(again.vault));
    expect(log2.verify()).toEqual({ ok: true, entries: 3 });
    const e = log2.append({
      action: 'memory_remember',
      actor: 'agent',
      arguments: { text: 'x' },
      decision: 'allowed',
      rule: 'memory',
      result: 'ok',
      conversationId: null,
    });
    expect(e.seq).toBe(4);
    expect(log2.verify()).toEqual({ ok: true, entries: 4 });
  });
});
