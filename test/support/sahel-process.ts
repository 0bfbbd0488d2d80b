import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
/** The `sahel` launcher the tests run, as a user's shell would (`node bin/sahel.js …`). */
export const SAHEL_BIN = join(ROOT, 'bin', 'sahel.js');

/** Throws a clear error when the CLI was not built (every helper that starts `sahel` checks first). */
export function assertBuilt(): void {
  if (!existsSync(join(ROOT, 'dist', 'main', 'cli.mjs'))) {
    throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
  }
}

/** A clean environment for `sahel`: PATH and HOME from this process, plus what the test passes. */
export function sahelEnv(env: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env };
}

export interface Served {
  child: ChildProcess;
  url: string;
  base: string;
  port: number;
  token: string;
  pid: number;
  stderr(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `sahel serve --json` on a data dir and waits for the line announcing its URL. */
export async function startServe(
  dataDir: string,
  extra: string[] = [],
  command = 'serve',
  /** Added to the clean environment (e.g. SAHEL_CHAT_PROVIDER for scripted chat replies). */
  env: Record<string, string> = {},
): Promise<Served> {
  assertBuilt();
  const child = spawn(
    process.execPath,
    [SAHEL_BIN, '--json', '--data-dir', dataDir, command, '--port', '0', ...extra],
    {
      env: sahelEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    err += d;
  });
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${err}`)), 20_000);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        resolve(out.slice(0, nl));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}: ${err}`));
    });
  });
  const info = JSON.parse(line) as { url: string; port: number; pid: number };
  const url = new URL(info.url);
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
  return {
    child,
    url: info.url,
    base: `${url.protocol}//${url.host}`,
    port: info.port,
    token: url.searchParams.get('token') ?? '',
    pid: info.pid,
    stderr: () => err,
    stop: (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
