// `sahel vault status` reads what it needs and no more (issue 10): with nothing running it reads the
// vault's key file and leaves the database closed; with an owner it asks over the socket and checks
// the answer by hand; an owner that is still starting is waited for.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../support/cli.js';
import { tempDir } from '../../../support/tmp.js';
import { openTestVault } from '../../../support/vault.js';

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/**
 * An owner as the CLI sees one: a live pid in the lock file (this test's), and a socket that answers
 * each call with `answer`. Returns a function that publishes the socket in the lock, as an owner
 * does once its core is open.
 */
async function fakeOwner(dataDir: string, answer: unknown): Promise<() => void> {
  const socket = join(dataDir, 'run', 'api.sock');
  mkdirSync(join(dataDir, 'run'), { recursive: true });
  const server = createServer((conn) => {
    let buffer = '';
    conn.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const msg = JSON.parse(buffer.slice(0, nl)) as { id: number };
        buffer = buffer.slice(nl + 1);
        conn.write(`${JSON.stringify({ type: 'result', id: msg.id, ok: true, value: answer })}\n`);
      }
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  const lock = { pid: process.pid, kind: 'serve', host: hostname(), startedAt: new Date().toISOString() };
  writeFileSync(join(dataDir, 'sahel.lock'), JSON.stringify({ ...lock, socket: null }));
  return () => writeFileSync(join(dataDir, 'sahel.lock'), JSON.stringify({ ...lock, socket }));
}

const UNLOCKED = {
  state: 'unlocked',
  recipient: 'age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq',
  items: 3,
  retryAfter: 0,
  autoLockMinutes: 15,
  deviceUnlock: 'unavailable',
  deviceUnlockNote: null,
  unreadable: [],
  damaged: [],
  problem: null,
};

describe('sahel vault status', () => {
  it('with nothing running, reads the key file and leaves a damaged sahel.db closed and untouched', async () => {
    const dataDir = tempDir();
    const t = openTestVault(dataDir);
    const { recipient } = await t.vault.create('vault status 17 gentle herons');
    t.close();
    const db = join(dataDir, 'sahel.db');
    writeFileSync(db, Buffer.alloc(8192, 0x41));
    const before = readdirSync(dataDir).sort();

    const r = await runCli(['--json', '--data-dir', dataDir, 'vault', 'status']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ running: false, state: 'locked', recipient, items: null });
    // No owner was made: no lock, no log, no WAL beside the database, and the database as it was.
    expect(readdirSync(dataDir).sort()).toEqual(before);
    expect(readFileSync(db)).toEqual(Buffer.alloc(8192, 0x41));
    const human = await runCli(['--data-dir', dataDir, 'vault', 'status']);
    expect(human.stdout).toContain('locked');
    expect(human.stdout).toContain(recipient ?? '?');
  });

  it('asks a running owner, and waits for one that is still starting', async () => {
    const dataDir = tempDir();
    const publish = await fakeOwner(dataDir, UNLOCKED);
    const pending = runCli(['--json', '--data-dir', dataDir, 'vault', 'status']);
    // The command finds the lock without a socket (the owner is opening its core) and waits.
    await new Promise((r) => setTimeout(r, 1500));
    publish();
    const r = await pending;
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ dataDir, running: true, ...UNLOCKED });
  });

  it('refuses a malformed answer from the owner in one line, without a crash', async () => {
    for (const answer of [{ ...UNLOCKED, state: 'open' }, { ...UNLOCKED, items: -1 }, 'unlocked', null]) {
      const dataDir = tempDir();
      (await fakeOwner(dataDir, answer))();
      const r = await runCli(['--data-dir', dataDir, 'vault', 'status']);
      expect(r.code, JSON.stringify(answer)).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain('malformed answer to vault.state');
      expect(r.stderr).not.toContain('unexpected error');
    }
  });

  it('says not set up for a data dir that does not exist, and creates none', async () => {
    const dataDir = join(tempDir(), 'none');
    const r = await runCli(['--json', '--data-dir', dataDir, 'vault', 'status']);
    expect(JSON.parse(r.stdout)).toMatchObject({ running: false, state: 'uninitialised' });
    expect(existsSync(dataDir)).toBe(false);
  });
});
