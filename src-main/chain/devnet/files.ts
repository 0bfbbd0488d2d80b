import { existsSync, readFileSync, rmSync } from 'node:fs';
import { platform } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ContractAddresses, NetworkFile } from '../../../src-shared/domain/network.js';
import { SahelError } from '../../../src-shared/errors.js';
import { writeFileAtomic } from '../../platform/index.js';

/** The files of a devnet directory (`<data dir>/devnet` unless `sahel devnet start --dir` says otherwise). */
export function devnetFiles(dir: string) {
  return {
    dir,
    /** The chain's state, saved atomically by the Devnet; loaded with --load-state. */
    state: join(dir, 'state.json'),
    /** Anvil's own dump when it exits cleanly; promoted over `state` at the next start if whole and newer. */
    exitDump: join(dir, 'exit-state.json'),
    /** Which contracts were deployed on that state, so a restart does not redeploy. */
    deployment: join(dir, 'deployment.json'),
    /** While running: the network file another data dir can join with `sahel network add --from-file`. */
    network: join(dir, 'network.json'),
    /** While running: who runs it (pid of the Sahel process and of anvil), for `sahel devnet stop|status`. */
    pid: join(dir, 'devnet.pid'),
  };
}
export type DevnetFiles = ReturnType<typeof devnetFiles>;

const Deployment = z.object({ chainId: z.number().int(), contracts: ContractAddresses });
export type Deployment = z.infer<typeof Deployment>;

export const PidRecord = z.object({
  pid: z.number().int().positive(),
  anvilPid: z.number().int().positive(),
  /** Run by `sahel devnet start` (may be stopped by `sahel devnet stop`), not inside an app or serve. */
  standalone: z.boolean().default(false),
});
export type PidRecord = z.infer<typeof PidRecord>;

/** Reads and validates a JSON file; undefined when missing or invalid (it is untrusted like any input). */
export function readJson<T>(file: string, schema: z.ZodType<T>): T | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export const readDeployment = (f: DevnetFiles) => readJson(f.deployment, Deployment);
export const writeDeployment = (f: DevnetFiles, d: Deployment) =>
  writeFileAtomic(f.deployment, `${JSON.stringify(d, null, 2)}\n`);

export const readNetworkFile = (file: string) => readJson(file, NetworkFile);
// 0600 like every file of the data dir: another user of the machine has no business with this chain.
export const writeNetworkFile = (file: string, n: NetworkFile) =>
  writeFileAtomic(file, `${JSON.stringify(n, null, 2)}\n`);

export const readPid = (f: DevnetFiles) => readJson(f.pid, PidRecord);

/**
 * True when a process with this pid runs (signal 0 checks without signalling). A zombie (exited, not
 * yet reaped by its parent) counts as gone: on Linux its state in /proc says so.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (platform() !== 'linux') return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/** Removes the running-only files, when they are ours. */
export function clearRunning(f: DevnetFiles, pid = process.pid): void {
  const rec = readPid(f);
  if (rec && rec.pid !== pid) return;
  rmSync(f.pid, { force: true });
  rmSync(f.network, { force: true });
}

/** The block number of a state dump, or -1 when the file is missing, torn or not a state dump. */
function dumpBlock(file: string): number {
  const state = readJson(file, z.object({ block: z.object({ number: z.string() }), accounts: z.unknown() }));
  const n = state ? Number(state.block.number) : Number.NaN;
  return Number.isSafeInteger(n) ? n : -1;
}

/**
 * Anvil's exit dump holds the last moments before a clean stop that the periodic save may have missed.
 * It is used only if it parses (a dump cut short by a crash does not) and is newer than the saved state,
 * and then copied over the state atomically.
 */
export function promoteExitDump(f: DevnetFiles): void {
  const exit = dumpBlock(f.exitDump);
  if (exit >= 0 && exit >= dumpBlock(f.state)) writeFileAtomic(f.state, readFileSync(f.exitDump));
  rmSync(f.exitDump, { force: true });
}

/**
 * An anvil left running by a Sahel that died without stopping it (the pid file names a dead owner
 * and a live anvil) is stopped, so it does not hold the state and a port forever. On Linux the pid is
 * checked to be an anvil first (a recycled pid is left alone); elsewhere it is left running.
 */
export function reapOrphan(f: DevnetFiles): void {
  const rec = readPid(f);
  if (!rec || isAlive(rec.pid) || !isAlive(rec.anvilPid)) return;
  if (platform() !== 'linux') return;
  try {
    const cmd = readFileSync(`/proc/${rec.anvilPid}/cmdline`, 'utf8');
    if (cmd.includes('anvil') && cmd.includes(f.dir)) process.kill(rec.anvilPid, 'SIGTERM');
  } catch {
    // Gone already, or not ours to read.
  }
  rmSync(f.pid, { force: true });
}

/** Marks the devnet as running here: who runs it, and the network file others join with. */
export function writeRunning(
  f: DevnetFiles,
  rec: PidRecord,
  run: { rpcUrl: string; chainId: number; contracts: ContractAddresses },
): void {
  writeFileAtomic(f.pid, `${JSON.stringify(rec)}\n`);
  writeNetworkFile(f.network, { format: 'sahel-network/1', name: 'devnet', ...run });
}

/**
 * The network file of a devnet another live Sahel process runs on this directory, to join instead of
 * starting a second anvil on the same state; undefined when no one else runs it. A stand-alone start
 * refuses (CONFLICT) rather than joining.
 */
export function runByOther(f: DevnetFiles, standalone: boolean): NetworkFile | undefined {
  const other = readPid(f);
  if (!other || other.pid === process.pid || !isAlive(other.pid) || !isAlive(other.anvilPid))
    return undefined;
  if (standalone) {
    throw new SahelError(
      'CONFLICT',
      `This devnet already runs (Sahel pid ${other.pid}); stop that one first`,
    );
  }
  const file = readNetworkFile(f.network);
  if (!file) {
    throw new SahelError(
      'UNAVAILABLE',
      `Sahel pid ${other.pid} runs this devnet, but its network file is unreadable`,
    );
  }
  return file;
}
