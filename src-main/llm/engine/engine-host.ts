import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../../platform/log.js';
import {
  asEngineError,
  EngineCrashedError,
  EngineError,
  EngineTimeoutError,
  unexpected,
} from './engine-errors.js';
import { type EngineGpu, gpuFailure, gpuName, nextGpu } from './gpu-failure.js';
import {
  type ChatDone,
  type ChatInput,
  type Done,
  type EngineCommand,
  EngineEvent,
  type GenerateInput,
  type HardwareInfo,
  type HostLoadOptions,
  type LoadedModel,
  type LoadOptions,
} from './protocol.js';
import { TextStream } from './text-stream.js';

// Callers catch these by class; they live beside the host's other parts.
export { EngineCrashedError, EngineError, EngineTimeoutError } from './engine-errors.js';

const NO_TIMINGS = { ttftMs: 0, tokensPerSecond: 0, totalMs: 0 };

const BUNDLED = !fileURLToPath(import.meta.url).endsWith('.ts');

export interface EngineHostOptions {
  /** 'cpu' never probes for GPU backends (tests, or a user who turned the GPU off); a named backend is used if present. */
  gpu?: EngineGpu;
  /** A generation with no token for this long is a hang (default 60 s; the first token included). */
  tokenTimeoutMs?: number;
  /** Starting the process or loading a model with no answer for this long is a hang (default 120 s). */
  loadTimeoutMs?: number;
  /** Any other request (hardware, unload) (default 30 s). */
  requestTimeoutMs?: number;
  logger?: Logger;
}

export interface GenerateHandle<D extends Done = Done> extends AsyncIterable<string> {
  readonly requestId: string;
  /** Resolves when generation ends (cancelled included); rejects with an EngineError. */
  readonly done: Promise<D>;
  /** Stops the generation; `done` then resolves with reason 'cancelled'. Idempotent. */
  cancel(): void;
}

export interface GenerateOptions {
  /** Called for each piece of text as it arrives (an alternative to iterating the handle). */
  onToken?: (text: string) => void;
}

interface Pending {
  kind: 'hardware' | 'load' | 'unload' | 'generate' | 'embed' | 'chat' | 'chatClose';
  timeoutMs: number;
  timer?: NodeJS.Timeout;
  resolve(event: EngineEvent): void;
  reject(err: EngineError): void;
  onToken?: (text: string) => void;
}

interface Child {
  proc: ChildProcess;
  ready: Promise<void>;
  /** Set when the host killed it on purpose, so the exit handler keeps the first reason. */
  killedFor?: EngineError;
  stderr: string;
  /** Requests sent to this process: its exit fails exactly these, not a successor's. */
  pending: Map<string, Pending>;
}

/**
 * The owner's side of the engine: a child process started on first use, requests serialised on one
 * queue (the engine has one sequence), crash and hang detection, restart on the next request with the
 * last good model reloaded. No method throws; promises reject only with EngineError.
 */
export class EngineHost {
  private child: Child | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private model: LoadedModel | undefined;
  private lastLoad: HostLoadOptions | undefined;
  private disposed = false;
  /** Moves down the chain (CUDA → Vulkan → CPU) each time a GPU backend brings the engine down; never back up. */
  private gpuMode: EngineGpu;
  private gpuFailedWith: string | undefined;
  private readonly opts: Required<Omit<EngineHostOptions, 'logger'>> & { logger?: Logger };

  constructor(opts: EngineHostOptions = {}) {
    this.opts = {
      gpu: opts.gpu ?? 'auto',
      tokenTimeoutMs: opts.tokenTimeoutMs ?? 60_000,
      loadTimeoutMs: opts.loadTimeoutMs ?? 120_000,
      requestTimeoutMs: opts.requestTimeoutMs ?? 30_000,
      ...(opts.logger ? { logger: opts.logger } : {}),
    };
    this.gpuMode = this.opts.gpu;
  }

  /** Why the engine left the backend it started on, once a GPU backend failure crashed it. */
  get gpuFallback(): string | undefined {
    return this.gpuFailedWith;
  }

  /** The backend the engine is asked for now: the configured one until a GPU failure moved it down. */
  get gpu(): EngineGpu {
    return this.gpuMode;
  }

  /** The engine process id while one runs (tests and diagnostics). */
  get pid(): number | undefined {
    return this.child?.proc.pid;
  }

  /** The model the running engine holds, if any. */
  get loaded(): LoadedModel | undefined {
    return this.model;
  }

  async hardware(): Promise<HardwareInfo> {
    try {
      const ev = await this.request(
        { type: 'hardware', requestId: randomUUID() },
        this.opts.requestTimeoutMs,
      );
      if (ev.type !== 'hardware') throw unexpected(ev);
      return ev.info;
    } catch (err) {
      throw asEngineError(err);
    }
  }

  /** Loads a model, replacing the current one. */
  load(options: HostLoadOptions): Promise<LoadedModel> {
    return this.serial(async () => {
      const model = await this.loadWith(options);
      this.lastLoad = { ...options };
      return model;
    });
  }

  unload(): Promise<void> {
    return this.serial(async () => {
      this.lastLoad = undefined;
      if (!this.child) return;
      await this.request({ type: 'unload', requestId: randomUUID() }, this.opts.requestTimeoutMs);
      this.model = undefined;
    });
  }

  generate(input: GenerateInput, options: GenerateOptions = {}): GenerateHandle {
    return this.stream<Done>(
      (requestId) => ({ type: 'generate', requestId, ...input }),
      (ev) => (ev.type === 'done' ? ev : undefined),
      (requestId) => ({ requestId, tokens: 0, reason: 'cancelled', timings: NO_TIMINGS }),
      options,
    );
  }

  /**
   * A turn of a conversation the engine keeps warm (one context sequence per `sessionId`, least
   * recently used given up first): a follow-up evaluates only what the sequence does not hold yet.
   * After a restart the first turn evaluates the history once.
   */
  chat(input: ChatInput, options: GenerateOptions = {}): GenerateHandle<ChatDone> {
    return this.stream<ChatDone>(
      (requestId) => ({ type: 'chat', requestId, ...input }),
      (ev) => (ev.type === 'chatDone' ? ev : undefined),
      (requestId) => ({
        requestId,
        tokens: 0,
        reason: 'cancelled',
        timings: NO_TIMINGS,
        promptTokens: 0,
        reusedTokens: 0,
        dropped: 0,
        chatWrapper: '',
        contextSize: this.model?.contextSize ?? 1,
      }),
      options,
    );
  }

  /** Frees a conversation's sequence (the conversation was deleted); a no-op when none is held. */
  closeChat(sessionId: string): Promise<void> {
    return this.serial(async () => {
      if (!this.child) return;
      await this.request(
        { type: 'chatClose', requestId: randomUUID(), sessionId },
        this.opts.requestTimeoutMs,
      );
    });
  }

  private stream<D extends Done>(
    command: (requestId: string) => EngineCommand,
    result: (ev: EngineEvent) => (D & { type: string }) | undefined,
    cancelledEarly: (requestId: string) => D,
    options: GenerateOptions,
  ): GenerateHandle<D> {
    const requestId = randomUUID();
    const stream = new TextStream();
    let cancelled = false;
    let sent = false;
    const onToken = (text: string) => {
      stream.push(text);
      try {
        options.onToken?.(text);
      } catch {
        // A consumer's callback failing must not break the engine's stream.
      }
    };
    const done = this.serial(async (): Promise<D> => {
      if (cancelled) return cancelledEarly(requestId);
      // After a crash or a failed load the engine holds no model: bring back the last good one.
      if (!this.model && this.lastLoad) await this.loadWith(this.lastLoad);
      if (cancelled) return cancelledEarly(requestId);
      sent = true;
      const ev = await this.request(command(requestId), this.opts.tokenTimeoutMs, onToken);
      const r = result(ev);
      if (!r) throw unexpected(ev);
      const { type: _type, ...rest } = r;
      return rest as unknown as D;
    });
    done.then(
      () => stream.end(),
      (err: EngineError) => stream.fail(err),
    );
    return {
      requestId,
      done,
      cancel: () => {
        if (cancelled) return;
        cancelled = true;
        if (sent && this.child?.pending.has(requestId)) this.post(this.child, { type: 'cancel', requestId });
      },
      [Symbol.asyncIterator]: () => stream.iterator(),
    };
  }

  /**
   * One vector per text, from `modelPath` (an embedding GGUF the engine keeps loaded beside the chat
   * model) or, without it, from the loaded model. Texts longer than the embedding context are cut.
   */
  embed(texts: string[], modelPath?: string): Promise<Float32Array<ArrayBuffer>[]> {
    return this.serial(async () => {
      if (modelPath === undefined && !this.model && this.lastLoad) await this.loadWith(this.lastLoad);
      const cmd: EngineCommand = {
        type: 'embed',
        requestId: randomUUID(),
        texts,
        ...(modelPath === undefined ? {} : { modelPath }),
      };
      const ev = await this.request(cmd, this.opts.loadTimeoutMs);
      if (ev.type !== 'embeddings' || ev.vectors.length !== texts.length) throw unexpected(ev);
      return ev.vectors;
    });
  }

  /** Kills the engine; every pending and later request fails with code 'disposed'. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => child.proc.once('exit', () => resolve()));
    // An idle engine is unref'd: without this, a caller awaiting dispose() could see the loop run dry.
    hold(child.proc, true);
    this.kill(child, new EngineError('disposed', 'The local model engine was shut down.'));
    if (child.proc.exitCode === null && child.proc.signalCode === null) await exited;
  }

  /** Adapter files are made for this load only and removed once the engine has answered, whatever it said. */
  private async loadWith(options: HostLoadOptions): Promise<LoadedModel> {
    const { lora, ...rest } = options;
    if (!lora) return this.doLoad(rest);
    const adapters = await lora();
    try {
      return await this.doLoad({ ...rest, lora: adapters.files });
    } finally {
      adapters.release();
    }
  }

  private async doLoad(options: LoadOptions): Promise<LoadedModel> {
    this.model = undefined;
    const ev = await this.request(
      // Off the GPU for good once its backend crashed the engine, whatever layers were asked for.
      {
        type: 'load',
        requestId: randomUUID(),
        ...options,
        ...(this.gpuMode === 'cpu' ? { gpuLayers: 0 } : {}),
      },
      this.opts.loadTimeoutMs,
    );
    if (ev.type !== 'loaded') throw unexpected(ev);
    this.model = ev.model;
    return ev.model;
  }

  /** Runs `fn` after everything queued before it; its failure does not block what comes after. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn).catch((err: unknown) => {
      throw asEngineError(err);
    });
    this.queue = run.catch(() => {});
    // Callers may only iterate a generation and never await `done`: that must not be unhandled.
    run.catch(() => {});
    return run;
  }

  private async request(
    cmd: EngineCommand,
    timeoutMs: number,
    onToken?: (t: string) => void,
  ): Promise<EngineEvent> {
    if (this.disposed) throw new EngineError('disposed', 'The local model engine was shut down.');
    let child: Child;
    try {
      child = await this.start();
    } catch (err) {
      // fork() itself can throw (no memory for a process, a missing entry file).
      throw err instanceof EngineError
        ? err
        : new EngineCrashedError('The local model engine could not be started.');
    }
    return new Promise<EngineEvent>((resolve, reject) => {
      const p: Pending = {
        kind: cmd.type as Pending['kind'],
        timeoutMs,
        resolve,
        reject,
        ...(onToken ? { onToken } : {}),
      };
      child.pending.set(cmd.requestId, p);
      this.arm(child, cmd.requestId, p);
      hold(child.proc, true);
      try {
        this.post(child, cmd);
      } catch {
        // Only a value the channel cannot clone throws here: the caller's, not the engine's, fault.
        settle(child, cmd.requestId);
        reject(new EngineError('bad-request', 'The request could not be sent to the local model engine.'));
      }
    });
  }

  private arm(child: Child, requestId: string, p: Pending): void {
    clearTimeout(p.timer);
    p.timer = setTimeout(() => {
      const secs = Math.round(p.timeoutMs / 1000);
      const err = new EngineTimeoutError(
        `The local model engine stopped responding for ${secs} s and was stopped; it restarts on the next request.`,
      );
      settle(child, requestId)?.reject(err);
      this.kill(child, err);
    }, p.timeoutMs);
  }

  private post(child: Child, cmd: EngineCommand): void {
    if (!child.proc.connected) return;
    child.proc.send(cmd, (err) => {
      if (err)
        this.kill(
          child,
          new EngineCrashedError('The local model engine could not be reached and was stopped.'),
        );
    });
  }

  private start(): Promise<Child> {
    if (this.child) return this.child.ready.then(() => this.child ?? this.start());
    const { path, execArgv } = entry();
    const proc = fork(path, [this.gpuMode], {
      execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      // Electron's binary behaves as Node only with this; plain Node ignores it.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    let readyResolve!: () => void;
    let readyReject!: (e: EngineError) => void;
    const ready = new Promise<void>((res, rej) => {
      readyResolve = res;
      readyReject = rej;
    });
    const child: Child = { proc, ready, stderr: '', pending: new Map() };
    this.child = child;
    const startTimer = setTimeout(() => {
      this.kill(child, new EngineTimeoutError('The local model engine did not start in time.'));
    }, this.opts.loadTimeoutMs);
    proc.stderr?.setEncoding('utf8').on('data', (d: string) => {
      child.stderr = (child.stderr + d).slice(-4000);
    });
    proc.on('message', (raw) => {
      const parsed = EngineEvent.safeParse(raw);
      if (!parsed.success) {
        this.kill(
          child,
          new EngineCrashedError('The local model engine sent an invalid message and was stopped.'),
        );
        return;
      }
      const ev = parsed.data;
      if (ev.type === 'ready') {
        clearTimeout(startTimer);
        readyResolve();
        return;
      }
      this.onEvent(child, ev);
    });
    proc.on('error', (err) => {
      this.opts.logger?.warn('llm engine process error', { error: err.message });
      this.kill(child, new EngineCrashedError('The local model engine could not be started.'));
    });
    proc.once('exit', (code, signal) => {
      clearTimeout(startTimer);
      this.detach(child);
      const gpuError = child.killedFor || this.gpuMode === 'cpu' ? undefined : gpuFailure(child.stderr);
      if (gpuError) {
        this.gpuMode = nextGpu(gpuError);
        this.gpuFailedWith = this.gpuFailedWith ? `${this.gpuFailedWith}; then ${gpuError}` : gpuError;
      }
      const why =
        child.killedFor ??
        new EngineCrashedError(
          gpuError
            ? `The GPU backend failed (${gpuError}); the engine restarts on ${gpuName(this.gpuMode)} with the next request.`
            : `The local model engine stopped unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`}); it restarts on the next request.`,
        );
      if (child.killedFor?.code !== 'disposed') {
        this.opts.logger?.warn('llm engine exited', { code, signal, stderr: child.stderr.slice(-1000) });
      }
      readyReject(why);
      for (const id of [...child.pending.keys()]) {
        const err = why instanceof EngineTimeoutError ? new EngineCrashedError(why.message) : why;
        settle(child, id)?.reject(err);
      }
    });
    // The promise may be dropped (the exit handler rejects it after a failed start).
    ready.catch(() => {});
    return ready.then(() => child);
  }

  private onEvent(child: Child, ev: Exclude<EngineEvent, { type: 'ready' }>): void {
    const p = child.pending.get(ev.requestId);
    if (!p) return;
    if (ev.type === 'token') {
      this.arm(child, ev.requestId, p);
      p.onToken?.(ev.text);
      return;
    }
    settle(child, ev.requestId);
    if (ev.type === 'error') p.reject(new EngineError(ev.code, ev.message));
    else p.resolve(ev);
  }

  /** Forgets a dying process at once, so the next request starts a fresh one instead of joining it. */
  private detach(child: Child): void {
    if (this.child !== child) return;
    this.child = undefined;
    this.model = undefined;
  }

  private kill(child: Child, why: EngineError): void {
    child.killedFor ??= why;
    this.detach(child);
    if (child.proc.exitCode === null && child.proc.signalCode === null) child.proc.kill('SIGKILL');
  }
}

function entry(): { path: string; execArgv: string[] } {
  if (BUNDLED) return { path: fileURLToPath(new URL('./llm-engine.mjs', import.meta.url)), execArgv: [] };
  // From the sources (tests): Node passes --import on to a forked child, unlike to worker threads.
  return {
    path: fileURLToPath(new URL('./engine-process.ts', import.meta.url)),
    execArgv: ['--import', import.meta.resolve('tsx')],
  };
}

function settle(child: Child, requestId: string): Pending | undefined {
  const p = child.pending.get(requestId);
  if (!p) return undefined;
  clearTimeout(p.timer);
  child.pending.delete(requestId);
  if (child.pending.size === 0) hold(child.proc, false);
  return p;
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
