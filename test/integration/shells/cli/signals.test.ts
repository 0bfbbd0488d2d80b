// Stopping `sahel serve` with a signal, the way a terminal, a service manager or a closing SSH session
// does, while it runs the model engine and the devnet: whatever the signal, the owner stops both
// children, removes its socket and its lock, and exits. (node-llama-cpp's dependencies bring
// signal-exit, which re-raises a signal it thinks nobody handles: the process then died mid-cleanup.)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../support/cli.js';
import { ROOT, startServe } from '../../../support/sahel-process.js';
import { tempDir } from '../../../support/tmp.js';

const MODEL = join(ROOT, '..', 'shared', 'models', 'llama-2-tiny-random.gguf');

/** The pids whose parent is `pid`, with their command lines (from /proc). */
function children(pid: number): Map<number, string> {
  const found = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name is in parentheses and may hold spaces; the parent pid is the 2nd field after it.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) {
        found.set(Number(entry), readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' '));
      }
    } catch {
      // Gone while we looked.
    }
  }
  return found;
}

/** Whether a process runs (a zombie nobody reaped yet counts as gone). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

describe('sahel serve stopped by a signal', () => {
  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)(
    '%s with the model loaded and the devnet up: children stopped, lock and socket removed',
    { timeout: 180_000 },
    async (signal) => {
      const dataDir = join(tempDir(), 'data');
      const env = { SAHEL_GPU: 'cpu' };
      const sahel = async (...args: string[]) => {
        const r = await runCli(['--json', ...args], { dataDir, env, timeoutMs: 120_000 });
        expect(r.code, r.stderr).toBe(0);
        return JSON.parse(r.stdout) as Record<string, unknown>;
      };
      const model = await sahel('models', 'import', MODEL);
      const served = await startServe(dataDir, [], 'serve', env);
      try {
        expect((await sahel('models', 'use', String(model.id))).state).toBe('ready');
        expect((await sahel('network', 'status')).kind).toBe('devnet');
        const kids = children(served.pid);
        const commands = [...kids.values()];
        expect(
          commands.some((c) => c.includes('llm-engine')),
          commands.join('\n'),
        ).toBe(true);
        expect(
          commands.some((c) => c.includes('anvil')),
          commands.join('\n'),
        ).toBe(true);
        const lock = JSON.parse(readFileSync(join(dataDir, 'sahel.lock'), 'utf8')) as { socket: string };
        expect(existsSync(lock.socket)).toBe(true);

        const code = await served.stop(signal);

        expect(code, served.stderr()).toBe(0);
        expect(existsSync(join(dataDir, 'sahel.lock'))).toBe(false);
        expect(existsSync(lock.socket)).toBe(false);
        for (const [pid, command] of kids) expect(running(pid), `${command} (pid ${pid})`).toBe(false);
      } finally {
        served.child.kill('SIGKILL');
      }
    },
  );
});
