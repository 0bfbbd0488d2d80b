import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { isOwnerKind, type OwnerKind } from '../../src-shared/domain/owner-kind.js';

/** What the lock file says about the process that owns a data dir; other processes read it. */
export interface LockInfo {
  pid: number;
  kind: OwnerKind;
  host: string;
  startedAt: string;
  /** Where the owner accepts API connections from the CLI (a Unix socket or a Windows pipe). */
  socket: string | null;
  /**
   * Who the pid was when the lock was taken (Linux: its start time in /proc/<pid>/stat, and the
   * boot's id). After a reboot or once the pid is reused (pid 1, another program), the pid is alive
   * but is not this owner: the lock is stale. Absent where /proc is not there, and in older locks.
   */
  process?: { bootId: string; startTime: string };
}

/**
 * The lock file's content checked by hand, not with zod: every CLI command reads it first, and
 * loading zod would cost more than the rest of a `sahel vault status`. Unknown keys are dropped.
 */
export function parseLockInfo(json: unknown): LockInfo | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const o = json as Record<string, unknown>;
  const { pid, kind, host, startedAt, socket, process: proc } = o;
  if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid <= 0) return undefined;
  if (!isOwnerKind(kind) || typeof host !== 'string' || typeof startedAt !== 'string') return undefined;
  if (socket !== null && typeof socket !== 'string') return undefined;
  const info: LockInfo = { pid, kind, host, startedAt, socket };
  if (proc === undefined) return info;
  if (typeof proc !== 'object' || proc === null) return undefined;
  const { bootId, startTime } = proc as Record<string, unknown>;
  if (typeof bootId !== 'string' || typeof startTime !== 'string') return undefined;
  return { ...info, process: { bootId, startTime } };
}

export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
  constructor(
    readonly dataDir: string,
    readonly owner: LockInfo,
  ) {
    super(`The data dir ${dataDir} is in use by Sahel (${owner.kind}, pid ${owner.pid} on ${owner.host})`);
  }
}

export interface DataDirLock {
  readonly info: LockInfo;
  /** The lock this one replaced, left by an owner that is gone (for the owner's log). */
  readonly tookOver: LockInfo | undefined;
  /** Records the owner's API socket once it listens. */
  update(patch: Partial<Pick<LockInfo, 'socket'>>): void;
  release(): void;
}

/**
 * Makes this process the one owner of a data dir. The lock file is created complete and atomically
 * (write a temp file, hard-link it into place, which fails if a lock exists). A lock left by a process
 * that is gone is taken over; a live owner's lock is never touched.
 */
export function acquireLock(lockFile: string, dataDir: string, kind: LockInfo['kind']): DataDirLock {
  let info: LockInfo = {
    pid: process.pid,
    kind,
    host: hostname(),
    startedAt: new Date().toISOString(),
    socket: null,
    ...withIdentity(process.pid),
  };
  let tookOver: LockInfo | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(lockFile, info)) {
      return {
        get info() {
          return info;
        },
        tookOver,
        update(patch) {
          info = { ...info, ...patch };
          const tmp = `${lockFile}.${process.pid}.tmp`;
          writeFileSync(tmp, JSON.stringify(info), { mode: 0o600 });
          renameSync(tmp, lockFile);
        },
        release() {
          if (readLock(lockFile)?.pid === process.pid) rmSync(lockFile, { force: true });
        },
      };
    }
    const owner = readLock(lockFile);
    if (owner && isAlive(owner)) throw new DataDirLockedError(dataDir, owner);
    tookOver = owner;
    removeStale(lockFile, owner);
  }
  const owner = readLock(lockFile);
  if (owner) throw new DataDirLockedError(dataDir, owner);
  throw new Error(`Could not take the lock ${lockFile}`);
}

/** The current owner of a data dir, if a live one holds it. */
export function readOwner(lockFile: string): LockInfo | undefined {
  const info = readLock(lockFile);
  return info && isAlive(info) ? info : undefined;
}

function tryCreate(lockFile: string, info: LockInfo): boolean {
  const tmp = `${lockFile}.${process.pid}.new`;
  writeFileSync(tmp, JSON.stringify(info), { mode: 0o600 });
  try {
    linkSync(tmp, lockFile);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    rmSync(tmp, { force: true });
  }
}

function readLock(lockFile: string): LockInfo | undefined {
  try {
    return parseLockInfo(JSON.parse(readFileSync(lockFile, 'utf8')));
  } catch {
    return undefined;
  }
}

function isAlive(info: LockInfo): boolean {
  // A lock from another host (a shared home directory) cannot be checked; treat it as live.
  if (info.host !== hostname()) return true;
  if (info.pid === process.pid) return true;
  try {
    process.kill(info.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // A live pid is the owner only if it is the same process that took the lock.
  if (!info.process) return true;
  const now = withIdentity(info.pid).process;
  if (!now) return true;
  return now.bootId === info.process.bootId && now.startTime === info.process.startTime;
}

/** A process's identity beyond its pid, where Linux's /proc tells it. */
function withIdentity(pid: number): Pick<LockInfo, 'process'> {
  try {
    const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (in parentheses, which may hold spaces): starttime is the 20th.
    const startTime = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    return startTime ? { process: { bootId, startTime } } : {};
  } catch {
    return {};
  }
}

/**
 * Moves a dead owner's lock aside. The rename is atomic, so of two processes racing here only one
 * moves a given file; if what it moved turns out to be a fresh lock, it is put back.
 */
function removeStale(lockFile: string, seen: LockInfo | undefined): void {
  const aside = `${lockFile}.stale.${process.pid}`;
  try {
    renameSync(lockFile, aside);
  } catch {
    return;
  }
  const moved = readLock(aside);
  if (moved && seen && moved.pid !== seen.pid && isAlive(moved)) {
    try {
      linkSync(aside, lockFile);
    } catch {
      // Someone created a newer lock meanwhile; theirs stands.
    }
  }
  rmSync(aside, { force: true });
}
