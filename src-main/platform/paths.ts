import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export interface DataDirSources {
  /** `--data-dir` on the command line. */
  flag?: string | undefined;
  /** The `SAHEL_HOME` environment variable, read once by the entry point. */
  env?: string | undefined;
  /** Electron's `userData`, when the owner is the Electron shell. */
  electronUserData?: string | undefined;
}

/** Where Sahel keeps its data: flag, then SAHEL_HOME, then Electron's userData, then the OS default. */
export function resolveDataDir(src: DataDirSources, platform = process.platform): string {
  const chosen = src.flag || src.env || src.electronUserData;
  return resolve(chosen || defaultDataDir(platform));
}

export function defaultDataDir(platform: NodeJS.Platform, env = process.env, home = homedir()): string {
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Sahel');
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'Sahel');
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'sahel');
}

/** The files of a data dir, named in one place. */
export function dataDirLayout(dataDir: string) {
  return {
    root: dataDir,
    lock: join(dataDir, 'sahel.lock'),
    database: join(dataDir, 'sahel.db'),
    logs: join(dataDir, 'logs'),
    logFile: join(dataDir, 'logs', 'sahel.log'),
    run: join(dataDir, 'run'),
  };
}
export type DataDirLayout = ReturnType<typeof dataDirLayout>;

/**
 * Creates the data dir private to the user, or makes an existing one so (mkdir's mode applies only
 * to a directory it creates: one made earlier by hand, or by an older Sahel, may be 0755). Returns
 * the mode it had when that had to change, for the owner's log.
 */
export function makePrivateDir(dir: string): number | undefined {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return undefined;
  const mode = statSync(dir).mode & 0o777;
  if ((mode & 0o077) === 0) return undefined;
  chmodSync(dir, mode & 0o700);
  return mode;
}
