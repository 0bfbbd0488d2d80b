// Token streaming through Sahel (EngineHost → engine child process → IPC events → the owner's
// callback) against node-llama-cpp in a bare Node script: same model, same threads, same prompt, same
// sampling, in one run. Both sides take a fresh context sequence per generation (as the engine does
// now), so neither reuses the other's evaluated prompt.
//
// Usage: node --import tsx test/bench/llm-tokens.bench.ts [--tokens 200] [--runs 9] [--write]
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineHost } from '../../src-main/llm/engine/host/engine-host.js';
import { ROOT } from '../support/sahel-process.js';
import { machineLine, writeSection } from './support/report.js';

const MODEL = join(ROOT, '..', 'shared', 'models', 'llama-2-tiny-random.gguf');
const PROMPT = 'Once upon a time, in a village by the sea, there lived';
const CONTEXT = 1024;

interface Sample {
  ttftMs: number;
  tokensPerSecond: number;
  tokens: number;
}

// Times are taken where the consumer sees the text: here, in the bare script's own callback. The
// script stays up between runs, like the engine, so both sides are equally warm.
const RAW = `
const [llamaUrl, model, threads] = process.argv.slice(2);
const { getLlama, LlamaCompletion } = await import(llamaUrl);
const llama = await getLlama({ gpu: false, build: 'never' });
const m = await llama.loadModel({ modelPath: model, gpuLayers: 0 });
const ctx = await m.createContext({ contextSize: ${CONTEXT}, threads: Number(threads) });
process.on('message', async ({ prompt, maxTokens }) => {
  const seq = ctx.getSequence();
  const c = new LlamaCompletion({ contextSequence: seq, autoDisposeSequence: false });
  let first = 0, tokens = 0;
  const t0 = performance.now();
  await c.generateCompletion(prompt, { maxTokens, temperature: 0, seed: 1,
    onToken: (t) => { tokens += t.length; }, onTextChunk: () => { if (!first) first = performance.now(); } });
  const end = performance.now();
  c.dispose({ disposeSequence: false });
  seq.dispose();
  process.send({ ttftMs: first - t0, tokensPerSecond: ((tokens - 1) * 1000) / (end - first), tokens });
});
process.on('disconnect', () => process.exit(0));
process.send('ready');
`;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v <= 0) throw new Error(`${name} needs a positive integer`);
  return v;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

class Raw {
  private readonly proc: ChildProcess;
  readonly ready: Promise<void>;

  constructor(script: string, threads: number) {
    this.proc = fork(script, [import.meta.resolve('node-llama-cpp'), MODEL, String(threads)], {
      execArgv: [],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    this.ready = new Promise((resolve, reject) => {
      this.proc.once('message', () => resolve());
      this.proc.once('exit', (code) => reject(new Error(`bare node-llama-cpp script exited with ${code}`)));
    });
  }

  run(maxTokens: number): Promise<Sample> {
    return new Promise((resolve) => {
      this.proc.once('message', (m) => resolve(m as Sample));
      this.proc.send({ prompt: PROMPT, maxTokens });
    });
  }

  stop(): void {
    this.proc.disconnect();
  }
}

async function sahel(host: EngineHost, maxTokens: number): Promise<Sample> {
  let first = 0;
  const t0 = performance.now();
  const h = host.generate(
    { prompt: PROMPT, maxTokens, temperature: 0, seed: 1 },
    {
      onToken: () => {
        if (!first) first = performance.now();
      },
    },
  );
  const done = await h.done;
  const end = performance.now();
  return {
    ttftMs: first - t0,
    tokensPerSecond: ((done.tokens - 1) * 1000) / (end - first),
    tokens: done.tokens,
  };
}

const maxTokens = arg('--tokens', 200);
const runs = arg('--runs', 9);
const dir = mkdtempSync(join(tmpdir(), 'sahel-llm-bench-'));
const host = new EngineHost({ gpu: 'cpu' });
let bare: Raw | undefined;
try {
  const script = join(dir, 'raw.mjs');
  writeFileSync(script, RAW);
  const model = await host.load({ modelPath: MODEL, contextSize: CONTEXT, gpuLayers: 0 });
  bare = new Raw(script, model.threads);
  await bare.ready;
  for (let i = 0; i < 2; i++) {
    await bare.run(maxTokens);
    await sahel(host, maxTokens);
  }
  const rawRuns: Sample[] = [];
  const sahelRuns: Sample[] = [];
  // Alternating runs, so load from elsewhere on the machine lands on both sides alike.
  for (let r = 0; r < runs; r++) {
    rawRuns.push(await bare.run(maxTokens));
    sahelRuns.push(await sahel(host, maxTokens));
  }
  for (const s of [...rawRuns, ...sahelRuns]) {
    if (s.tokens !== maxTokens) throw new Error(`a run produced ${s.tokens} tokens, not ${maxTokens}`);
  }
  const rawTps = median(rawRuns.map((s) => s.tokensPerSecond));
  const sahelTps = median(sahelRuns.map((s) => s.tokensPerSecond));
  const rawTtft = median(rawRuns.map((s) => s.ttftMs));
  const sahelTtft = median(sahelRuns.map((s) => s.ttftMs));
  const ratio = sahelTps / rawTps;
  const overhead = sahelTtft - rawTtft;
  const md = [
    `### LLM token streaming (${maxTokens} tokens, llama-2-tiny-random.gguf, CPU, ${model.threads} threads)`,
    '',
    `Measured ${machineLine()}; median of ${runs} alternating runs a side after 2 warm-up runs each.`,
    '',
    '| Path | Tokens/s | Time to first token |',
    '| --- | ---: | ---: |',
    `| Sahel: EngineHost → engine child process → IPC events | ${sahelTps.toFixed(1)} | ${sahelTtft.toFixed(1)} ms |`,
    `| node-llama-cpp 3.21.1 in a bare script | ${rawTps.toFixed(1)} | ${rawTtft.toFixed(1)} ms |`,
    '',
    `Sahel / raw: ${ratio.toFixed(3)}× tokens/s (target ≥ 0.95×: ${ratio >= 0.95 ? 'met' : 'not met'}); ` +
      `time-to-first-token overhead ${overhead.toFixed(1)} ms (target < 50 ms: ${overhead < 50 ? 'met' : 'not met'}).`,
    `Prompt "${PROMPT}" (${PROMPT.length} characters), temperature 0, seed 1, context ${CONTEXT}, a fresh`,
    'sequence per generation on both sides. Sahel is timed in the owner process, where its events arrive;',
    "the bare script in its own token callback. The model's weights are random: these figures measure the",
    "app's overhead over llama.cpp, not a real model's speed.",
  ].join('\n');
  console.log(md);
  if (process.argv.includes('--write')) writeSection('llm-tokens', md);
  else console.log('(not written to docs/PERFORMANCE.md: pass --write)');
} finally {
  bare?.stop();
  await host.dispose();
  rmSync(dir, { recursive: true, force: true });
}
