// The engine child process: node-llama-cpp behind a message channel. It serves one generation at a
// time (one context sequence); the host serialises requests, so 'busy' only guards a confused owner.
// Nothing here logs prompts or generated text: stderr gets llama.cpp errors only.
import { availableParallelism, freemem, totalmem } from 'node:os';
import {
  getLlama,
  type Llama,
  LlamaCompletion,
  type LlamaContext,
  type LlamaGrammar,
  LlamaLogLevel,
  type LlamaModel,
} from 'node-llama-cpp';
import { llamaGpuOption } from '../gpu-failure.js';
import { grammarSchema } from '../json-schema.js';
import type {
  Backend,
  EngineCommand,
  EngineErrorCode,
  EngineEvent,
  HardwareInfo,
  JsonSchema,
  LoadOptions,
  StopReason,
  Timings,
} from '../protocol.js';
import { type ChatRequestResult, runChatRequest } from './chat-request.js';
import { ChatFailure, ChatSessions } from './chat-sessions.js';
import { createContext } from './create-context.js';
import { EmbedFailure, embeddingRunner } from './embeddings-child.js';
import { TextOutbox } from './text-outbox.js';
import { defaultThreads } from './threads.js';

type Generate = Extract<EngineCommand, { type: 'generate' }>;

const gpuArg = llamaGpuOption(process.argv[2]);

let llamaPromise: Promise<Llama> | undefined;
let model: LlamaModel | undefined;
let context: LlamaContext | undefined;
let loadedPath = '';
let current: { requestId: string; abort: AbortController } | undefined;
const embed = embeddingRunner(llama, () => model);
const chats = new ChatSessions(() => (model && context ? { model, context } : undefined));

function send(event: EngineEvent): void {
  process.send?.(event);
}

function fail(requestId: string, code: EngineErrorCode, err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  send({ type: 'error', requestId, code, message: message.slice(0, 2000) });
}

function llama(): Promise<Llama> {
  const options = (gpu: typeof gpuArg) =>
    ({
      gpu,
      build: 'never',
      logLevel: LlamaLogLevel.error,
      logger: (level: LlamaLogLevel, message: string) => {
        if (level === LlamaLogLevel.error || level === LlamaLogLevel.fatal)
          process.stderr.write(`${message}\n`);
      },
    }) as const;
  // A backend named after another one failed may be missing here too (no Vulkan driver): then the CPU.
  llamaPromise ??= getLlama(options(gpuArg)).catch((err) => {
    if (gpuArg === 'auto' || gpuArg === false) throw err;
    return getLlama(options(false));
  });
  return llamaPromise;
}

async function hardware(): Promise<HardwareInfo> {
  const l = await llama();
  const vram = await l.getVramState();
  const backend: Backend = l.gpu === false ? 'cpu' : l.gpu;
  return {
    backend,
    gpuNames: await l.getGpuDeviceNames(),
    vram: { total: vram.total, free: vram.free },
    ram: { total: totalmem(), free: freemem() },
    cpuThreads: availableParallelism(),
    cpuMathCores: l.cpuMathCores,
  };
}

async function unload(): Promise<void> {
  const c = context;
  const m = model;
  context = undefined;
  model = undefined;
  loadedPath = '';
  chats.clear();
  await c?.dispose();
  await m?.dispose();
}

async function load(cmd: LoadOptions & { requestId: string }): Promise<void> {
  const l = await llama();
  await unload();
  const gpuLayers = cmd.gpuLayers ?? 'auto';
  model = await l.loadModel({ modelPath: cmd.modelPath, gpuLayers });
  context = await createContext(
    model,
    {
      ...(cmd.contextSize === undefined ? {} : { contextSize: cmd.contextSize }),
      ...(cmd.lora?.length ? { lora: { adapters: cmd.lora } } : {}),
      // llama.cpp's own default can exceed the math cores (4 threads on 2 cores here), which runs
      // several times slower than one thread per core, worse still on a busy machine; see threads.ts.
      threads: cmd.threads && cmd.threads > 0 ? cmd.threads : defaultThreads(l.cpuMathCores),
    },
    cmd.sequences ?? 1,
  );
  loadedPath = cmd.modelPath;
  send({
    type: 'loaded',
    requestId: cmd.requestId,
    model: {
      modelPath: loadedPath,
      gpuLayers: model.gpuLayers,
      contextSize: context.contextSize,
      threads: context.currentThreads,
      trainContextSize: model.trainContextSize,
      sizeBytes: model.size,
      sequences: context.totalSequences,
    },
  });
}

function stopReason(r: string, aborted: boolean): StopReason {
  if (aborted || r === 'abort') return 'cancelled';
  if (r === 'maxTokens') return 'maxTokens';
  if (r === 'eogToken') return 'eos';
  if (r === 'toolCalls') return 'toolCalls';
  return 'stop';
}

async function generate(cmd: Generate): Promise<void> {
  const { requestId } = cmd;
  if (!context || !model) return fail(requestId, 'no-model-loaded', new Error('No model is loaded.'));
  if (current) return fail(requestId, 'busy', new Error('The engine is already generating.'));
  const abort = new AbortController();
  current = { requestId, abort };
  const started = performance.now();
  let firstAt = 0;
  let tokens = 0;
  const sequence = chats.acquireSequence(context);
  const out = new TextOutbox((text) => send({ type: 'token', requestId, text }));
  const hooks = {
    signal: abort.signal,
    onTokens: (n: number) => {
      tokens += n;
    },
    onText: (text: string) => {
      if (firstAt === 0) firstAt = performance.now();
      out.push(text);
    },
    grammar,
  };
  let disposeCompletion: (() => void) | undefined;
  try {
    let r: ChatRequestResult;
    if ('messages' in cmd) r = await runChatRequest(model, sequence, cmd, hooks);
    else {
      const g = cmd.grammar ? await grammar(cmd.grammar) : undefined;
      const completion = new LlamaCompletion({ contextSequence: sequence, autoDisposeSequence: false });
      disposeCompletion = () => completion.dispose({ disposeSequence: false });
      const res = await completion.generateCompletionWithMeta(cmd.prompt, {
        maxTokens: cmd.maxTokens,
        ...(cmd.temperature === undefined ? {} : { temperature: cmd.temperature }),
        ...(cmd.seed === undefined ? {} : { seed: cmd.seed }),
        ...(g ? { grammar: g } : {}),
        signal: abort.signal,
        stopOnAbortSignal: true,
        onToken: (t) => hooks.onTokens(t.length),
        onTextChunk: hooks.onText,
      });
      r = { stopReason: res.metadata.stopReason, promptTokens: model.tokenize(cmd.prompt).length };
    }
    out.flush();
    send({
      type: 'done',
      requestId,
      tokens,
      reason: stopReason(r.stopReason, abort.signal.aborted),
      timings: timings(tokens, started, firstAt),
      promptTokens: r.promptTokens,
      ...(r.toolCalls ? { toolCalls: r.toolCalls } : {}),
    });
  } catch (err) {
    out.flush();
    if (err instanceof ChatFailure) fail(requestId, err.code, err);
    // Aborting before the first token throws instead of returning: that is still a cancellation.
    else if (abort.signal.aborted)
      send({
        type: 'done',
        requestId,
        tokens,
        reason: 'cancelled',
        timings: timings(tokens, started, firstAt),
        promptTokens: 0,
      });
    else fail(requestId, 'generation-failed', err);
  } finally {
    disposeCompletion?.();
    sequence.dispose();
    current = undefined;
  }
}

/** node-llama-cpp checks a schema while building its grammar: a schema it rejects is the caller's fault. */
async function grammar(schema: JsonSchema | 'json'): Promise<LlamaGrammar> {
  const l = await llama();
  try {
    if (schema === 'json') return await l.getGrammarFor('json');
    return await l.createGrammarForJsonSchema(grammarSchema(schema) as never);
  } catch (err) {
    throw new ChatFailure(
      'bad-request',
      err instanceof Error ? err.message : 'The JSON schema is not supported.',
    );
  }
}

function timings(tokens: number, started: number, firstAt: number): Timings {
  const end = performance.now();
  const genMs = firstAt > 0 ? end - firstAt : end - started;
  return {
    ttftMs: firstAt > 0 ? firstAt - started : end - started,
    // The first token's time is prompt evaluation; the rate counts the tokens after it.
    tokensPerSecond: tokens > 1 && genMs > 0 ? ((tokens - 1) * 1000) / genMs : 0,
    totalMs: end - started,
  };
}

/** A conversation turn on the conversation's own sequence (see chat-sessions.ts). */
async function chatTurn(cmd: Extract<EngineCommand, { type: 'chat' }>): Promise<void> {
  const { requestId } = cmd;
  if (current) return fail(requestId, 'busy', new Error('The engine is already generating.'));
  const abort = new AbortController();
  current = { requestId, abort };
  const started = performance.now();
  let firstAt = 0;
  let tokens = 0;
  const out = new TextOutbox((text) => send({ type: 'token', requestId, text }));
  try {
    const r = await chats.run(cmd, {
      signal: abort.signal,
      onTokens: (n) => {
        tokens += n;
      },
      onText: (text) => {
        if (firstAt === 0) firstAt = performance.now();
        out.push(text);
      },
    });
    out.flush();
    const { stopReason: why, ...rest } = r;
    send({
      type: 'chatDone',
      requestId,
      ...rest,
      tokens,
      reason: stopReason(why, abort.signal.aborted),
      timings: timings(tokens, started, firstAt),
    });
  } catch (err) {
    out.flush();
    if (err instanceof ChatFailure) fail(requestId, err.code, err);
    else if (abort.signal.aborted) {
      // Stopped while the prompt was still being evaluated: a cancellation with nothing written.
      send({
        type: 'chatDone',
        requestId,
        tokens: 0,
        reason: 'cancelled',
        timings: timings(0, started, 0),
        promptTokens: 0,
        reusedTokens: 0,
        dropped: 0,
        chatWrapper: '',
        contextSize: context?.contextSize ?? 1,
      });
    } else fail(requestId, 'generation-failed', err);
  } finally {
    current = undefined;
  }
}

async function handle(cmd: EngineCommand): Promise<void> {
  switch (cmd.type) {
    case 'embed':
      return embed(cmd.texts, cmd.modelPath).then(
        (r) => send({ type: 'embeddings', requestId: cmd.requestId, ...r }),
        (err) => fail(cmd.requestId, err instanceof EmbedFailure ? err.code : 'generation-failed', err),
      );
    case 'embedRelease':
      return embed.releaseOwn().then(
        (released) => send({ type: 'embedReleased', requestId: cmd.requestId, released }),
        (err) => fail(cmd.requestId, 'internal', err),
      );
    case 'hardware':
      return hardware().then(
        (info) => send({ type: 'hardware', requestId: cmd.requestId, info }),
        (err) => fail(cmd.requestId, 'internal', err),
      );
    case 'load':
      return load(cmd).catch(async (err) => {
        await unload().catch(() => {});
        fail(cmd.requestId, 'model-load-failed', err);
      });
    case 'unload':
      return unload().then(
        () => send({ type: 'unloaded', requestId: cmd.requestId }),
        (err) => fail(cmd.requestId, 'internal', err),
      );
    case 'generate':
      return generate(cmd);
    case 'chat':
      return chatTurn(cmd);
    case 'chatClose':
      chats.close(cmd.sessionId);
      return send({ type: 'chatClosed', requestId: cmd.requestId });
    case 'cancel':
      if (current?.requestId === cmd.requestId) current.abort.abort();
      return;
  }
}

process.on('message', (msg) => {
  void handle(msg as EngineCommand).catch((err) => {
    process.stderr.write(`engine: unhandled ${err instanceof Error ? err.name : 'error'}\n`);
  });
});
// The owner is gone (or closed the channel): nothing can use this process any more.
process.on('disconnect', () => process.exit(0));
send({ type: 'ready', pid: process.pid });
