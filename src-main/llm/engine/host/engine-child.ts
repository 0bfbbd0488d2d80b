import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../../../platform/index.js';
import type { EngineGpu } from '../gpu-failure.js';
import { type EngineCommand, EngineEvent } from '../protocol.js';
import { EngineCrashedError, EngineError, EngineTimeoutError } from './engine-errors.js';

const BUNDLED = !fileURLToPath(import.meta.url).endsWith('.ts');

interface Pending {
  timeoutMs: number;
  timer?: NodeJS.Timeout;
  resolve(event: EngineEvent): void;
  reject(err: EngineError): void;
  onToken?: (text: string) => void;
}

export interface EngineChildHooks {
  /** The process is gone or going (killed, crashed, exited): forget it at once. Called once or more. */
  onGone(child: EngineChild): void;
  /**
   * The process exited; returns the error its pending requests fail with: the kill's reason when it
   * was killed, else the host's reading of it (a GPU failure in its stderr, say).
   */
  onExit(child: EngineChild, code: number | null, signal: NodeJS.Signals | null): EngineError;
}

/**
 * One engine process and the requests in flight on it: fork, the ready handshake, messages checked
 * against the protocol, a timer per request (re-armed by each token: a silent engine is a hang), and
 * its exit failing exactly its own requests. Owned by EngineHost, which queues what it sends.
 */
export class EngineChild {
  readonly proc: ChildProcess;
  readonly ready: Promise<void>;
  /** Set when the host killed it on purpose, so the exit handler keeps the first reason. */
  killedFor: EngineError | undefined;
  /** The tail of its stderr: llama.cpp's own messages, read for GPU failures after a crash. */
  stderr = '';
  private readonly pending = new Map<string, Pending>();

  constructor(
    gpu: EngineGpu,
    startTimeoutMs: number,
    private readonly hooks: EngineChildHooks,
    logger?: Logger,
  ) {
    const { path, execArgv } = entry();
    this.proc = fork(path, [gpu], {
      execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      // Electron's binary behaves as Node only with this; plain Node ignores it.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    let readyResolve!: () => void;
    let readyReject!: (e: EngineError) => void;
    this.ready = new Promise<void>((res, rej) => {
      readyResolve = res;
      readyReject = rej;
    });
    // The promise may be dropped (the exit handler rejects it after a failed start).
    this.ready.catch(() => {});
    const startTimer = setTimeout(() => {
      this.kill(new EngineTimeoutError('The local model engine did not start in time.'));
    }, startTimeoutMs);
    this.proc.stderr?.setEncoding('utf8').on('data', (d: string) => {
      this.stderr = (this.stderr + d).slice(-4000);
    });
    this.proc.on('message', (raw) => {
      const parsed = EngineEvent.safeParse(raw);
      if (!parsed.success) {
        this.kill(new EngineCrashedError('The local model engine sent an invalid message and was stopped.'));
        return;
      }
      const ev = parsed.data;
      if (ev.type === 'ready') {
        clearTimeout(startTimer);
        readyResolve();
        return;
      }
      this.onEvent(ev);
    });
    this.proc.on('error', (err) => {
      logger?.warn('llm engine process error', { error: err.message });
      this.kill(new EngineCrashedError('The local model engine could not be started.'));
    });
    this.proc.once('exit', (code, signal) => {
      clearTimeout(startTimer);
      this.hooks.onGone(this);
      const why = this.hooks.onExit(this, code, signal);
      readyReject(why);
      for (const id of [...this.pending.keys()]) {
        const err = why instanceof EngineTimeoutError ? new EngineCrashedError(why.message) : why;
        this.settle(id)?.reject(err);
      }
    });
  }

  get exited(): boolean {
    return this.proc.exitCode !== null || this.proc.signalCode !== null;
  }

  /** Whether a request is still waiting for its answer (a cancel for it makes sense). */
  has(requestId: string): boolean {
    return this.pending.has(requestId);
  }

  /** Sends a command and resolves with the event that answers it; tokens go to `onToken`. */
  request(cmd: EngineCommand, timeoutMs: number, onToken?: (t: string) => void): Promise<EngineEvent> {
    return new Promise<EngineEvent>((resolve, reject) => {
      const p: Pending = { timeoutMs, resolve, reject, ...(onToken ? { onToken } : {}) };
      this.pending.set(cmd.requestId, p);
      this.arm(cmd.requestId, p);
      hold(this.proc, true);
      try {
        this.post(cmd);
      } catch {
        // Only a value the channel cannot clone throws here: the caller's, not the engine's, fault.
        this.settle(cmd.requestId);
        reject(new EngineError('bad-request', 'The request could not be sent to the local model engine.'));
      }
    });
  }

  post(cmd: EngineCommand): void {
    if (!this.proc.connected) return;
    this.proc.send(cmd, (err) => {
      if (err)
        this.kill(new EngineCrashedError('The local model engine could not be reached and was stopped.'));
    });
  }

  kill(why: EngineError): void {
    this.killedFor ??= why;
    this.hooks.onGone(this);
    if (!this.exited) this.proc.kill('SIGKILL');
  }

  /** Kills it and resolves once it has exited (an idle engine is unref'd: keep the loop alive meanwhile). */
  async dispose(why: EngineError): Promise<void> {
    const exited = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
    hold(this.proc, true);
    this.kill(why);
    if (!this.exited) await exited;
  }

  private arm(requestId: string, p: Pending): void {
    clearTimeout(p.timer);
    p.timer = setTimeout(() => {
      const secs = Math.round(p.timeoutMs / 1000);
      const err = new EngineTimeoutError(
        `The local model engine stopped responding for ${secs} s and was stopped; it restarts on the next request.`,
      );
      this.settle(requestId)?.reject(err);
      this.kill(err);
    }, p.timeoutMs);
  }

  private onEvent(ev: Exclude<EngineEvent, { type: 'ready' }>): void {
    const p = this.pending.get(ev.requestId);
    if (!p) return;
    if (ev.type === 'token') {
      this.arm(ev.requestId, p);
      p.onToken?.(ev.text);
      return;
    }
    this.settle(ev.requestId);
    if (ev.type === 'error') p.reject(new EngineError(ev.code, ev.message));
    else p.resolve(ev);
  }

  private settle(requestId: string): Pending | undefined {
    const p = this.pending.get(requestId);
    if (!p) return undefined;
    clearTimeout(p.timer);
    this.pending.delete(requestId);
    if (this.pending.size === 0) hold(this.proc, false);
    return p;
  }
}

/**
 * The lines of a dead engine's stderr worth a log line: llama.cpp's and ggml's own diagnostics and
 * native aborts. Anything else (a library echoing a prompt, say) stays out of the log.
 */
export function diagnosticLines(stderr: string): string {
  return stderr
    .split('\n')
    .filter((l) =>
      /^(llama_|ggml_|gguf_|GGML_ASSERT|CUDA error|\[node-llama-cpp\]|terminate called|vk::|Error: )/.test(l),
    )
    .map((l) => l.replace(/[^\x20-\x7e]/g, '').slice(0, 240))
    .slice(-8)
    .join('\n');
}

function entry(): { path: string; execArgv: string[] } {
  if (BUNDLED) return { path: fileURLToPath(new URL('./llm-engine.mjs', import.meta.url)), execArgv: [] };
  // From the sources (tests): Node passes --import on to a forked child, unlike to worker threads.
  return {
    path: fileURLToPath(new URL('../child/engine-process.ts', import.meta.url)),
    execArgv: ['--import', import.meta.resolve('tsx')],
  };
}

/** An idle engine must not keep a short-lived owner (a CLI command) from exiting. */
function hold(proc: ChildProcess, busy: boolean): void {
  // The stderr pipe is a socket handle of its own and would keep the loop alive just the same.
  const stderr = proc.stderr as (NodeJS.ReadableStream & { ref?(): void; unref?(): void }) | null;
  if (busy) {
    proc.ref();
    proc.channel?.ref();
    stderr?.ref?.();
  } else {
    proc.unref();
    proc.channel?.unref();
    stderr?.unref?.();
  }
}
