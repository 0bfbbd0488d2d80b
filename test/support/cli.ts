import { spawn, spawnSync } from 'node:child_process';
import { assertBuilt, SAHEL_BIN, sahelEnv } from './sahel-process.js';

export interface CliOptions {
  /** Passed as `--data-dir <dir>` ahead of the arguments; left out, the CLI picks its own (SAHEL_HOME…). */
  dataDir?: string | undefined;
  /** What the command reads on stdin; it sees end-of-file after it (default: nothing at all). */
  input?: string | undefined;
  /** Added to the clean environment (PATH and HOME only): SAHEL_PASSPHRASE_FILE, SAHEL_GPU… */
  env?: Record<string, string> | undefined;
  /** The working directory (default: this process's). */
  cwd?: string | undefined;
  /** Killed with SIGTERM past this (default 30 s); the result then has code null. */
  timeoutMs?: number | undefined;
}

export interface CliResult {
  /** The exit code, or null when a signal ended the command. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The command's process id (tests that match it against what the command printed). */
  pid: number | undefined;
}

/**
 * Runs `sahel …` to completion, as a user's shell would. Asynchronous, so this process keeps serving
 * what the command may reach (a file server for downloads, an in-process devnet).
 */
export function runCli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  assertBuilt();
  const argv = opts.dataDir === undefined ? args : ['--data-dir', opts.dataDir, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SAHEL_BIN, ...argv], {
      env: sahelEnv(opts.env),
      timeout: opts.timeoutMs ?? 30_000,
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(opts.cwd === undefined ? {} : { cwd: opts.cwd }),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    // A command may exit without reading its input: the broken pipe is not the test's failure.
    child.stdin.on('error', () => {});
    child.stdin.end(opts.input ?? '');
    child.once('error', reject);
    // 'close', not 'exit': the output is complete only once both pipes are drained.
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr, pid: child.pid }));
  });
}

/** The result, after checking the command succeeded (its stderr in the failure message). */
export function succeeded(r: CliResult): CliResult {
  if (r.code !== 0) throw new Error(`sahel exited ${r.code ?? r.signal}; stderr: ${r.stderr}`);
  return r;
}

/** A field of a `--json` answer (a JavaScript path, e.g. `licenses[0].state`), read by a separate node process. */
export function jsonField(json: string, path: string): string {
  const r = spawnSync(
    process.execPath,
    [
      '-e',
      `const d=JSON.parse(require('fs').readFileSync(0,'utf8'));process.stdout.write(String(d.${path}))`,
    ],
    { input: json, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`not JSON with ${path}: ${r.stderr}`);
  return r.stdout;
}
