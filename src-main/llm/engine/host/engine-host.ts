import { randomUUID } from 'node:crypto';
import { type EngineGpu, gpuFailure, gpuName, nextGpu } from '../gpu-failure.js';
import type {
  ChatDone,
  ChatInput,
  Done,
  EngineCommand,
  EngineEvent,
  GenerateDone,
  GenerateInput,
  HardwareInfo,
  HostLoadOptions,
  LoadedModel,
  LoadOptions,
} from '../protocol.js';
import { diagnosticLines, EngineChild } from './engine-child.js';
import { asEngineError, EngineCrashedError, EngineError, unexpected } from './engine-errors.js';
import type { EngineHostOptions, GenerateHandle, GenerateOptions } from './host-types.js';
import { TextStream } from './text-stream.js';

// Callers catch these by class; they live beside the host's other parts.
export { EngineCrashedError, EngineError, EngineTimeoutError } from './engine-errors.js';
export type { EngineHostOptions, GenerateHandle, GenerateOptions } from './host-types.js';

const NO_TIMINGS = { ttftMs: 0, tokensPerSecond: 0, totalMs: 0 };

/**
 * The owner's side of the engine: a child process started on first use, requests serialised on one
 * queue (the engine has one sequence), crash and hang detection, restart on the next request with the
 * last good model reloaded. No method throws; promises reject only with EngineError.
 */
export class EngineHost {
  private child: EngineChild | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private model: LoadedModel | undefined;
  private lastLoad: HostLoadOptions | undefined;
  private disposed = false;
  /** Moves down the chain (CUDA → Vulkan → CPU) each time a GPU backend brings the engine down; never back up. */
  private gpuMode: EngineGpu;
  private gpuFailedWith: string | undefined;
  private readonly opts: Required<Omit<EngineHostOptions, 'logger'>> & Pick<EngineHostOptions, 'logger'>;

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

  /**
   * A one-off generation on a sequence of its own: a completion of `prompt`, or an answer to
   * `messages`, with tools and structured output. A request whose prompt cannot fit the context is
   * refused ('context-overflow') before any of it is evaluated.
   */
  generate(input: GenerateInput, options: GenerateOptions = {}): GenerateHandle<GenerateDone> {
    return this.stream<GenerateDone>(
      (requestId) => ({ type: 'generate', requestId, ...input }),
      (ev) => (ev.type === 'done' ? ev : undefined),
      (requestId) => ({ requestId, tokens: 0, reason: 'cancelled', timings: NO_TIMINGS, promptTokens: 0 }),
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
        if (sent && this.child?.has(requestId)) this.child.post({ type: 'cancel', requestId });
      },
      [Symbol.asyncIterator]: () => stream.iterator(),
    };
  }

  /**
   * One vector per text, from `modelPath` (an embedding GGUF the engine keeps loaded beside the chat
   * model) or, without it, from the loaded model. Texts longer than the embedding context are cut.
   */
  embed(texts: string[], modelPath?: string): Promise<Float32Array<ArrayBuffer>[]> {
    return this.embedCounted(texts, modelPath).then((r) => r.vectors);
  }

  /** As `embed`, with the number of tokens embedded (for usage reports). */
  embedCounted(
    texts: string[],
    modelPath?: string,
  ): Promise<{ vectors: Float32Array<ArrayBuffer>[]; tokens: number }> {
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
      return { vectors: ev.vectors, tokens: ev.tokens };
    });
  }

  /**
   * Frees the embedding GGUF the engine keeps beside the chat model, if any (no engine running: nothing
   * to free). Queued like any request, so an embed sent after it loads its model afresh.
   */
  releaseEmbedder(): Promise<boolean> {
    return this.serial(async () => {
      if (!this.child) return false;
      const ev = await this.request(
        { type: 'embedRelease', requestId: randomUUID() },
        this.opts.requestTimeoutMs,
      );
      if (ev.type !== 'embedReleased') throw unexpected(ev);
      return ev.released;
    });
  }

  /** Kills the engine; every pending and later request fails with code 'disposed'. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.child?.dispose(new EngineError('disposed', 'The local model engine was shut down.'));
  }

  /**
   * Adapter and vault model files are made for this load only and removed once the engine has
   * answered, whatever it said.
   */
  private async loadWith(options: HostLoadOptions): Promise<LoadedModel> {
    const { lora, modelFile, ...rest } = options;
    const model = modelFile ? await modelFile() : undefined;
    try {
      const adapters = lora ? await lora() : undefined;
      try {
        return await this.doLoad({
          ...rest,
          ...(model ? { modelPath: model.path } : {}),
          ...(adapters ? { lora: adapters.files } : {}),
        });
      } finally {
        adapters?.release();
      }
    } finally {
      model?.release();
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
    let child: EngineChild;
    try {
      child = await this.start();
    } catch (err) {
      // fork() itself can throw (no memory for a process, a missing entry file).
      throw err instanceof EngineError
        ? err
        : new EngineCrashedError('The local model engine could not be started.');
    }
    return child.request(cmd, timeoutMs, onToken);
  }

  private start(): Promise<EngineChild> {
    if (this.child) return this.child.ready.then(() => this.child ?? this.start());
    const child = new EngineChild(
      this.gpuMode,
      this.opts.loadTimeoutMs,
      {
        // Forgotten at once, so the next request starts a fresh process instead of joining a dying one.
        onGone: (c) => {
          if (this.child !== c) return;
          this.child = undefined;
          this.model = undefined;
        },
        onExit: (c, code, signal) => this.exited(c, code, signal),
      },
      this.opts.logger,
    );
    this.child = child;
    return child.ready.then(() => child);
  }

  /** Why an engine went away; a GPU failure in its stderr moves the next one down the backend chain. */
  private exited(child: EngineChild, code: number | null, signal: NodeJS.Signals | null): EngineError {
    const log = () =>
      this.opts.logger?.warn('llm engine exited', { code, signal, stderr: diagnosticLines(child.stderr) });
    if (child.killedFor) {
      if (child.killedFor.code !== 'disposed') log();
      return child.killedFor;
    }
    const gpuError = this.gpuMode === 'cpu' ? undefined : gpuFailure(child.stderr);
    if (gpuError) {
      this.gpuMode = nextGpu(gpuError);
      this.gpuFailedWith = this.gpuFailedWith ? `${this.gpuFailedWith}; then ${gpuError}` : gpuError;
    }
    log();
    return new EngineCrashedError(
      gpuError
        ? `The GPU backend failed (${gpuError}); the engine restarts on ${gpuName(this.gpuMode)} with the next request.`
        : `The local model engine stopped unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`}); it restarts on the next request.`,
    );
  }
}
