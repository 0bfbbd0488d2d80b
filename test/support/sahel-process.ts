import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'sahel.js');

function assertBuilt(): void {
  if (!existsSync(join(ROOT, 'dist', 'main', 'cli.mjs'))) {
    throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
  }
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** What the command reads on stdin (default: none). */
  input?: string;
  /** The working directory (default: this process's). */
  cwd?: string;
  timeoutMs?: number;
}

/** Runs `sahel …` to completion, with a clean environment apart from what the test passes. */
export function runSahel(args: string[], env: Record<string, string> = {}, opts: RunOptions = {}): RunResult {
  assertBuilt();
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 30_000,
    ...(opts.input === undefined ? {} : { input: opts.input }),
    ...(opts.cwd === undefined ? {} : { cwd: opts.cwd }),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Runs `sahel …` to its end without blocking this process (for tests that answer it from their own
 * event loop, or watch it); `pid` is the command's process.
 */
export function runSahelAsync(args: string[]): Promise<RunResult & { pid: number | undefined }> {
  assertBuilt();
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve({ code, stdout, stderr, pid: child.pid }));
  });
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
    [BIN, '--json', '--data-dir', dataDir, command, '--port', '0', ...extra],
    {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
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
