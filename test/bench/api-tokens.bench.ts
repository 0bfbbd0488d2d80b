// Token streaming through the whole of Sahel, as a client sees it: `sahel serve` (built dist) →
// API → engine child process → events → the wire, against node-llama-cpp in a bare script. Two API
// paths: the OpenAI-compatible /v1/chat/completions streamed as SSE, and the app's own chat.send over
// the WebSocket transport with 'chat.token' events (what the UI uses). Same model, threads, context
// size, prompt text (after the same chat template), maxTokens and sampling, in one run, alternating.
//
// Usage: node scripts/build.mjs && node --import tsx test/bench/api-tokens.bench.ts [--tokens 256] [--runs 9] [--write]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemPrompt } from '../../src-main/llm/chat/prompt.js';
import { onEvent } from '../../src-shared/api/client.js';
import { DEFAULT_PERSONA } from '../../src-shared/domain/chat.js';
import { ROOT, startServe } from '../support/sahel-process.js';
import { wsConnect } from '../support/ws-client.js';
import { BareLlama, type BareRequest, median, type Sample } from './support/bare-llama.js';
import { machineLine, writeSection } from './support/report.js';
import { viaSse } from './support/sse.js';

// SAHEL_BENCH_MODEL: where the checkout has no ../shared (a packed run on another machine).
const MODEL =
  process.env.SAHEL_BENCH_MODEL ?? join(ROOT, '..', 'shared', 'models', 'llama-2-tiny-random.gguf');
const PROMPT = 'Once upon a time, in a village by the sea, there lived';
const CONTEXT = 2048;
const PASS = 'a long enough benchmark passphrase';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v <= 0) throw new Error(`${name} needs a positive integer`);
  return v;
}

type Api = Awaited<ReturnType<typeof wsConnect>>;

/** One chat.send over the WebSocket, timed where the client receives each 'chat.token' event. */
async function viaChat(ws: Api, maxTokens: number): Promise<Sample> {
  let first = 0;
  let last = 0;
  const off = onEvent(ws.wire, 'chat.token', () => {
    last = performance.now();
    if (!first) first = last;
  });
  const t0 = performance.now();
  try {
    // Greedy, as the bare script samples (the app's default temperature is above 0).
    const turn = await ws.api.chat.send({
      conversationId: null,
      text: PROMPT,
      maxTokens,
      useVault: false,
      sampling: { temperature: 0 },
    });
    if (turn.reply.status !== 'done')
      throw new Error(`the reply ended ${turn.reply.status}: ${turn.reply.error}`);
    const tokens = turn.reply.tokens ?? 0;
    // Each run is a new conversation; removing it keeps the history (and its search index) small.
    await ws.api.chat.remove({ id: turn.conversation.id });
    return { ttftMs: first - t0, tokensPerSecond: ((tokens - 1) * 1000) / (last - first), tokens };
  } finally {
    off();
  }
}

const maxTokens = arg('--tokens', 256);
const runs = arg('--runs', 9);
const dir = mkdtempSync(join(tmpdir(), 'sahel-api-bench-'));
const dataDir = join(dir, 'data');
const served = await startServe(dataDir, [], 'serve', { SAHEL_GPU: 'cpu' });
const ws = await wsConnect(served);
let bare: BareLlama | undefined;
try {
  await ws.api.vault.create({ passphrase: PASS });
  const installed = await ws.api.models.import({ path: MODEL });
  const threadsArg = process.argv.includes('--threads') ? arg('--threads', 1) : 0;
  const status = await ws.api.models.use({
    id: installed.id,
    gpuLayers: 0,
    contextSize: CONTEXT,
    ...(threadsArg > 0 ? { threads: threadsArg } : {}),
  });
  const threads = status.model?.threads;
  const sequences = status.model?.sequences;
  if (!threads || !sequences)
    throw new Error(`the engine reports no threads or sequences: ${JSON.stringify(status)}`);
  bare = new BareLlama(dir, MODEL, threads, CONTEXT, sequences);
  await bare.ready;
  const system = systemPrompt(await ws.api.chat.persona({}), [], []);
  if (system !== systemPrompt(DEFAULT_PERSONA, [], [])) throw new Error('the persona is not the default');
  const bareSession: BareRequest = { kind: 'session', user: PROMPT, maxTokens };
  const bareChat: BareRequest = { kind: 'chat', system, user: PROMPT, maxTokens };

  const sides = {
    rawSession: () => bare!.run(bareSession),
    sse: () => viaSse(served, installed.id, PROMPT, maxTokens),
    rawChat: () => bare!.run(bareChat),
    ws: () => viaChat(ws, maxTokens),
  };
  const samples: Record<keyof typeof sides, Sample[]> = { rawSession: [], sse: [], rawChat: [], ws: [] };
  for (let i = 0; i < 2; i++) for (const run of Object.values(sides)) await run();
  // Alternating runs, so load from elsewhere on the machine lands on every side alike.
  for (let r = 0; r < runs; r++) {
    for (const [name, run] of Object.entries(sides)) samples[name as keyof typeof sides].push(await run());
  }
  for (const [name, list] of Object.entries(samples)) {
    const counts = new Set(list.map((s) => s.tokens));
    if (counts.size !== 1) throw new Error(`${name}: runs produced different token counts ${[...counts]}`);
  }
  const tokensOf = (k: keyof typeof sides) => samples[k][0]?.tokens ?? 0;
  if (tokensOf('sse') !== tokensOf('rawSession') || tokensOf('ws') !== tokensOf('rawChat')) {
    throw new Error(`Sahel and the bare script generated different token counts: ${JSON.stringify(samples)}`);
  }
  const tps = (k: keyof typeof sides) => median(samples[k].map((s) => s.tokensPerSecond));
  const ttft = (k: keyof typeof sides) => median(samples[k].map((s) => s.ttftMs));
  const row = (label: string, k: keyof typeof sides) =>
    `| ${label} | ${tokensOf(k)} | ${tps(k).toFixed(1)} | ${ttft(k).toFixed(1)} ms |`;
  const verdict = (sahel: keyof typeof sides, raw: keyof typeof sides, what: string) => {
    const ratio = tps(sahel) / tps(raw);
    const overhead = ttft(sahel) - ttft(raw);
    return (
      `${what}: ${ratio.toFixed(3)}× the bare tokens/s (target ≥ 0.95×: ${ratio >= 0.95 ? 'met' : 'not met'}); ` +
      `time-to-first-token overhead ${overhead.toFixed(1)} ms (target < 50 ms: ${overhead < 50 ? 'met' : 'not met'}).`
    );
  };
  const md = [
    `### LLM token streaming through the API (${maxTokens} tokens max, llama-2-tiny-random.gguf, CPU, ${threads} threads, ${sequences} sequences)`,
    '',
    `Measured ${machineLine()}; median of ${runs} alternating runs per path after 2 warm-up runs each.`,
    '',
    '| Path | Tokens | Tokens/s | Time to first token |',
    '| --- | ---: | ---: | ---: |',
    row('Sahel: `sahel serve` /v1/chat/completions, SSE read by fetch', 'sse'),
    row('node-llama-cpp 3.21.1 bare script, LlamaChatSession', 'rawSession'),
    row("Sahel: chat.send over the app's WebSocket, 'chat.token' events", 'ws'),
    row('node-llama-cpp 3.21.1 bare script, LlamaChat with the same system prompt', 'rawChat'),
    '',
    verdict('sse', 'rawSession', '/v1 SSE'),
    verdict('ws', 'rawChat', 'chat.send'),
    '',
    `Prompt "${PROMPT}" as the user message (chat.send adds the default persona's system prompt; the bare`,
    `script gets the same one), model's own chat template, context ${CONTEXT}, a fresh`,
    'sequence per generation on every side; /v1 with temperature 0 and seed 1, chat.send with temperature 0',
    'against the bare LlamaChat with no sampling options (greedy on both sides). Sahel is timed in a separate client process where the bytes arrive',
    "(first to last text piece); its time to first token includes the API call, chat.send's sealed",
    'history writes and the transport. The bare script is timed in its own callbacks. Random weights:',
    "the figures measure the app's overhead, not a real model's speed.",
  ].join('\n');
  console.log(md);
  if (process.argv.includes('--write')) writeSection('api-tokens', md);
  else console.log('(not written to docs/PERFORMANCE.md: pass --write)');
} finally {
  bare?.stop();
  ws.close();
  await served.stop();
  rmSync(dir, { recursive: true, force: true });
}
