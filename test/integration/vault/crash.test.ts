import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../support/sahel-process.js';
import { tempDir } from '../../support/tmp.js';

// The child is bundled once (with its crypto worker beside it, as in the app), so each of the many
// runs starts in tens of milliseconds instead of compiling TypeScript again.
const OUT = join(ROOT, 'dist', 'test-crash');
const CHILD = join(OUT, 'child.mjs');
const RUNS_PER_MODE = 35;
const execFileP = promisify(execFile);

// How long after `ready` a kill may land: long enough to cover several operations of each kind.
const KILL_WINDOW_MS: Record<string, number> = { import: 1000, delete: 400, passwd: 800 };

function runAndKill(dataDir: string, mode: string, scratch: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dataDir, mode, scratch], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    // A child that never gets going is a failure, not a hang.
    const guard = setTimeout(() => child.kill('SIGTERM'), 30_000);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      if (!out.includes('ready') && (out + d).includes('ready')) {
        // Somewhere among the next operations: before the first, inside one, or a few later.
        setTimeout(() => child.kill('SIGKILL'), Math.random() * (KILL_WINDOW_MS[mode] ?? 500));
      }
      out += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      err += d;
    });
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      if (signal !== 'SIGKILL') reject(new Error(`the child ended by itself (${code}): ${err}`));
      else resolve(out.split('\n').filter(Boolean));
    });
  });
}

interface Report {
  opens: number;
  ids: string[];
  blobs: number;
  tmp: number;
  corrupt: string[];
}

async function verify(dataDir: string, scratch: string): Promise<Report> {
  // Asynchronous, so the kill timers of this process never wait behind a blocking call.
  const { stdout } = await execFileP(process.execPath, [CHILD, dataDir, 'verify', scratch], {
    timeout: 60_000,
  });
  return JSON.parse(stdout) as Report;
}

describe('crash safety: SIGKILL at random points', () => {
  beforeAll(async () => {
    await build({
      entryPoints: {
        child: 'test/fixtures/vault-crash-child.ts',
        'workers/vault-crypto': 'src-main/vault/worker/crypto-worker.ts',
      },
      absWorkingDir: ROOT,
      outdir: OUT,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      logLevel: 'error',
    });
  });

  for (const mode of ['import', 'delete', 'passwd']) {
    it(`${mode}: ${RUNS_PER_MODE} kills, and every time exactly one passphrase opens a whole vault`, async () => {
      const dataDir = tempDir();
      const scratch = tempDir();
      let steps = 0;
      for (let run = 0; run < RUNS_PER_MODE; run++) {
        const lines = await runAndKill(dataDir, mode, scratch);
        steps += lines.length - 1;
        const report = await verify(dataDir, scratch);
        const ids = new Set(report.ids);
        expect(report.opens, `run ${run}: ${lines.join(', ')}`).toBe(1);
        expect(report.corrupt).toEqual([]);
        expect(report.tmp).toBe(0);
        expect(report.blobs).toBe(report.ids.length);
        for (const line of lines) {
          const [what, id] = line.split(' ');
          if (what === 'imported' && !lines.includes(`deleting ${id}`)) expect(ids.has(id!)).toBe(true);
          if (what === 'deleted') expect(ids.has(id!)).toBe(false);
        }
      }
      // Some kills landed after operations had completed, not all before the first one.
      expect(steps).toBeGreaterThan(0);
    }, 240_000);
  }
});
