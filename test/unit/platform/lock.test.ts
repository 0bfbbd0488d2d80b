import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  acquireLock,
  DataDirLockedError,
  parseLockInfo,
  readOwner,
} from '../../../src-main/platform/lock.js';
import { tempDir } from '../../support/tmp.js';

function deadPid(): number {
  // A process that has exited: its pid is free (reuse within the test is vanishingly unlikely).
  return Number(
    spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString(),
  );
}

describe('data dir lock', () => {
  it('makes one owner and names it to the next', () => {
    const dir = tempDir();
    const file = join(dir, 'sahel.lock');
    const lock = acquireLock(file, dir, 'serve');
    expect(readOwner(file)?.pid).toBe(process.pid);
    // Same process, but a live owner from another host shows how a second owner is refused.
    writeFileSync(file, JSON.stringify({ ...lock.info, pid: 999_999, host: 'other-host' }));
    const err = (() => {
      try {
        acquireLock(file, dir, 'electron');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(DataDirLockedError);
    expect((err as Error).message).toContain('pid 999999');
  });

  it('records the socket and releases only its own lock', () => {
    const dir = tempDir();
    const file = join(dir, 'sahel.lock');
    const lock = acquireLock(file, dir, 'serve');
    lock.update({ socket: '/tmp/x.sock' });
    expect(JSON.parse(readFileSync(file, 'utf8')).socket).toBe('/tmp/x.sock');
    lock.release();
    expect(existsSync(file)).toBe(false);
  });

  it('takes over a lock left by a process that is gone', () => {
    const dir = tempDir();
    const file = join(dir, 'sahel.lock');
    const pid = deadPid();
    writeFileSync(
      file,
      JSON.stringify({ pid, kind: 'serve', host: hostname(), startedAt: 'x', socket: null }),
    );
    expect(readOwner(file)).toBeUndefined();
    const lock = acquireLock(file, dir, 'serve');
    expect(lock.info.pid).toBe(process.pid);
    expect(JSON.parse(readFileSync(file, 'utf8')).pid).toBe(process.pid);
  });

  it('treats a corrupt lock file as stale', () => {
    const dir = tempDir();
    const file = join(dir, 'sahel.lock');
    writeFileSync(file, '{half a json');
    expect(acquireLock(file, dir, 'serve').info.pid).toBe(process.pid);
  });

  it('takes over a lock whose pid is alive but is another process (pid 1 after a reboot)', () => {
    const dir = tempDir();
    const file = join(dir, 'sahel.lock');
    // pid 1 always runs; the lock says it was a process of another boot, so it is not this owner.
    const stale = { pid: 1, kind: 'serve', host: hostname(), startedAt: 'x', socket: null };
    writeFileSync(
      file,
      JSON.stringify({ ...stale, process: { bootId: 'a-previous-boot', startTime: '42' } }),
    );
    expect(readOwner(file)).toBeUndefined();
    const lock = acquireLock(file, dir, 'serve');
    expect(lock.info.pid).toBe(process.pid);
    expect(lock.tookOver?.pid).toBe(1);
  });

  it('still refuses while the recorded process itself runs', () => {
    const dir = tempDir();
    const file = join(dir, 'sahel.lock');
    const mine = acquireLock(file, dir, 'serve').info;
    expect(mine.process?.startTime).toMatch(/^\d+$/);
    // Another live process with its true identity (as its own acquireLock would record it).
    const other = spawn('sleep', ['30']);
    try {
      const stat = readFileSync(`/proc/${other.pid}/stat`, 'utf8');
      const startTime = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
      const bootId = mine.process?.bootId ?? '';
      writeFileSync(file, JSON.stringify({ ...mine, pid: other.pid, process: { bootId, startTime } }));
      expect(() => acquireLock(file, dir, 'cli')).toThrow(DataDirLockedError);
      // The same pid recorded with another start time is a reused pid: stale.
      writeFileSync(file, JSON.stringify({ ...mine, pid: other.pid, process: { bootId, startTime: '1' } }));
      expect(acquireLock(file, dir, 'cli').tookOver?.pid).toBe(other.pid);
    } finally {
      other.kill();
    }
  });
});

describe('the lock file, checked by hand (every CLI command reads it; zod stays unloaded)', () => {
  const whole = {
    pid: 42,
    kind: 'serve',
    host: 'h',
    startedAt: '2026-01-01T00:00:00.000Z',
    socket: null,
    process: { bootId: 'b', startTime: '7' },
  };

  it('takes a whole lock, with or without the process identity, and drops unknown keys', () => {
    expect(parseLockInfo(whole)).toEqual(whole);
    const { process: _, ...older } = whole;
    expect(parseLockInfo({ ...older, socket: '/s', extra: 1 })).toEqual({ ...older, socket: '/s' });
  });

  it('refuses anything else', () => {
    const bad: unknown[] = [
      null,
      [],
      'lock',
      { ...whole, pid: 0 },
      { ...whole, pid: 1.5 },
      { ...whole, pid: '42' },
      { ...whole, kind: 'daemon' },
      { ...whole, host: 1 },
      { ...whole, startedAt: null },
      { ...whole, socket: undefined },
      { ...whole, socket: 3 },
      { ...whole, process: null },
      { ...whole, process: { bootId: 'b' } },
    ];
    for (const b of bad) expect(parseLockInfo(b), JSON.stringify(b)).toBeUndefined();
  });
});
