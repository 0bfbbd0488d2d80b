// node-llama-cpp in a bare Node script, the peer the API benchmark compares Sahel with. It runs in
// its own process (as Sahel's engine does) and stays up between runs, so both sides are equally warm.
import { type ChildProcess, fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One generation as the consumer saw it: first and last text piece, generated tokens. */
export interface Sample {
  ttftMs: number;
  tokensPerSecond: number;
  tokens: number;
}

/** What the script is asked to generate: the same two shapes of prompt Sahel's engine runs. */
export type BareRequest =
  /** LlamaChatSession on a fresh sequence: what the engine does for /v1/chat/completions. */
  | { kind: 'session'; user: string; maxTokens: number }
  /** LlamaChat with the model's own chat wrapper: what the engine does for chat.send. */
  | { kind: 'chat'; system: string; user: string; maxTokens: number };

// Sampling is passed exactly as Sahel's engine passes it: temperature 0 and seed 1 for the
// session (the /v1 request carries them), nothing for chat (chat.send sets none: greedy).
const SCRIPT = `
const [llamaUrl, model, threads, contextSize, sequences] = process.argv.slice(2);
const { getLlama, LlamaChatSession, LlamaChat, resolveChatWrapper } = await import(llamaUrl);
const llama = await getLlama({ gpu: false, build: 'never' });
const m = await llama.loadModel({ modelPath: model, gpuLayers: 0 });
const ctx = await m.createContext({ sequences: Number(sequences), contextSize: Number(contextSize), threads: Number(threads) });
process.on('message', async (req) => {
  const seq = ctx.getSequence();
  let first = 0, last = 0, tokens = 0;
  const hooks = {
    maxTokens: req.maxTokens,
    onToken: (t) => { tokens += t.length; },
    onTextChunk: () => { last = performance.now(); if (!first) first = last; },
  };
  const t0 = performance.now();
  if (req.kind === 'session') {
    const s = new LlamaChatSession({ contextSequence: seq, autoDisposeSequence: false });
    await s.promptWithMeta(req.user, { ...hooks, temperature: 0, seed: 1 });
    s.dispose({ disposeSequence: false });
  } else {
    const chat = new LlamaChat({ contextSequence: seq, chatWrapper: resolveChatWrapper(m, { type: 'auto' }), autoDisposeSequence: false });
    const history = [{ type: 'system', text: req.system }, { type: 'user', text: req.user }, { type: 'model', response: [] }];
    await chat.generateResponse(history, hooks);
    chat.dispose({ disposeSequence: false });
  }
  seq.dispose();
  process.send({ ttftMs: first - t0, tokensPerSecond: ((tokens - 1) * 1000) / (last - first), tokens });
});
process.on('disconnect', () => process.exit(0));
process.send('ready');
`;

export class BareLlama {
  private readonly proc: ChildProcess;
  readonly ready: Promise<void>;

  /** `threads`, `contextSize` (per sequence) and `sequences`: as the engine's context has them. */
  constructor(dir: string, model: string, threads: number, contextSize: number, sequences: number) {
    const script = join(dir, 'bare-llama.mjs');
    writeFileSync(script, SCRIPT);
    const args = [
      import.meta.resolve('node-llama-cpp'),
      model,
      ...[threads, contextSize, sequences].map(String),
    ];
    this.proc = fork(script, args, { execArgv: [], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    this.ready = new Promise((resolve, reject) => {
      this.proc.once('message', () => resolve());
      this.proc.once('exit', (code) => reject(new Error(`bare node-llama-cpp script exited with ${code}`)));
    });
  }

  run(req: BareRequest): Promise<Sample> {
    return new Promise((resolve) => {
      this.proc.once('message', (m) => resolve(m as Sample));
      this.proc.send(req);
    });
  }

  stop(): void {
    if (this.proc.connected) this.proc.disconnect();
  }
}

export const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
