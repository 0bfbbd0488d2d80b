import { fork } from 'node:child_process';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ErrorCode, SahelError } from '../../../src-shared/errors.js';
import type { GgufSummary } from './gguf-header.js';

export type { GgufSummary } from './gguf-header.js';

/** The one message the inspecting child sends back. */
export type InspectReply =
  | { ok: true; summary: GgufSummary }
  | { ok: false; code: Extract<ErrorCode, 'BAD_INPUT' | 'NOT_FOUND'>; message: string };

const BUNDLED = !fileURLToPath(import.meta.url).endsWith('.ts');
/** The parser needs one 1 MiB buffer; this leaves it room and no more. */
const CHILD_HEAP_MB = 64;
/** A hostile header can at most make the parser walk 256 MiB of tiny items; that takes seconds. */
const TIMEOUT_MS = 60_000;

/**
 * Checks that `path` is a GGUF file whose header is well formed, and returns what it says. The file
 * is untrusted (an import, a download, an imported file swapped since): it is parsed by a bounded
 * reader (gguf-header.ts) in a short-lived child process with a small heap, never in the owner.
 * A child process rather than a worker thread, because V8's fatal errors ("invalid size", out of
 * memory outside the heap limit) abort the whole process a worker lives in; here they end the
 * child, and the file is refused. Every refusal is a BAD_INPUT (NOT_FOUND when it cannot be read)
 * whose message says what is wrong; the file is never modified.
 */
export async function inspectGguf(path: string, opts: { timeoutMs?: number } = {}): Promise<GgufSummary> {
  const timeoutMs = opts.timeoutMs ?? TIMEOUT_MS;
  const label = basename(path);
  const reply = await new Promise<InspectReply | { failed: string }>((resolve, reject) => {
    const { entry, execArgv } = childEntry();
    let child: ReturnType<typeof fork>;
    try {
      child = fork(entry, [path, label], {
        execArgv: [...execArgv, `--max-old-space-size=${CHILD_HEAP_MB}`],
        stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
        // Electron's binary behaves as Node only with this; plain Node ignores it.
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      });
    } catch (err) {
      const why = (err as NodeJS.ErrnoException).code ?? 'error';
      reject(new SahelError('UNAVAILABLE', `The GGUF header reader could not start (${why}); try again`));
      return;
    }
    let answer: InspectReply | undefined;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ failed: `reading its header took longer than ${timeoutMs / 1000} s` });
    }, timeoutMs);
    child.on('message', (m) => {
      answer ??= checkReply(m);
    });
    // A spawn that fails after fork() returned (no memory for a process, say).
    child.on('error', (err) => {
      clearTimeout(timer);
      const why = (err as NodeJS.ErrnoException).code ?? 'error';
      reject(new SahelError('UNAVAILABLE', `The GGUF header reader could not start (${why}); try again`));
    });
    // 'close', not 'exit': it comes after the IPC channel has delivered the answer.
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve(answer ?? { failed: `its header stopped the reader (${signal ?? `exit ${code}`})` });
    });
  });
  if ('failed' in reply) {
    throw new SahelError('BAD_INPUT', `${label} is not a usable GGUF file: ${reply.failed}.`);
  }
  if (!reply.ok) throw new SahelError(reply.code, reply.message);
  return reply.summary;
}

function checkReply(m: unknown): InspectReply | undefined {
  if (typeof m !== 'object' || m === null) return undefined;
  const r = m as Record<string, unknown>;
  if (r.ok === true && typeof r.summary === 'object' && r.summary !== null) return r as InspectReply;
  if (r.ok === false && (r.code === 'BAD_INPUT' || r.code === 'NOT_FOUND') && typeof r.message === 'string') {
    return r as InspectReply;
  }
  return undefined;
}

function childEntry(): { entry: string; execArgv: string[] } {
  if (BUNDLED) return { entry: fileURLToPath(new URL('./gguf-inspect.mjs', import.meta.url)), execArgv: [] };
  // From the sources (tests): Node passes --import on to a forked child.
  return {
    entry: fileURLToPath(new URL('./gguf-inspect-process.ts', import.meta.url)),
    execArgv: ['--import', import.meta.resolve('tsx')],
  };
}
