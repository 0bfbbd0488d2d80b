import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ContractAddresses, NetworkFile } from '../../../src-shared/domain/network.js';
import { writeFileAtomic } from '../../platform/atomic-write.js';

/** The files of a devnet directory (`<data dir>/devnet` unless `sahel devnet start --dir` says otherwise). */
export function devnetFiles(dir: string) {
  return {
    dir,
    /** The chain's state, saved atomically by the Devnet; loaded with --load-state. */
    state: join(dir, 'state.json'),
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
export const writeNetworkFile = (file: string, n: NetworkFile) =>
  writeFileAtomic(file, `${JSON.stringify(n, null, 2)}\n`, 0o644);

export const readPid = (f: DevnetFiles) => readJson(f.pid, PidRecord);

/** True when a process with this pid exists (signal 0 checks without signalling). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the running-only files, when they are ours. */
export function clearRunning(f: DevnetFiles, pid = process.pid): void {
  const rec = readPid(f);
  if (rec && rec.pid !== pid) return;
  rmSync(f.pid, { force: true });
  rmSync(f.network, { force: true });
}
