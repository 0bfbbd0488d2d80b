// llama.cpp threads on this machine: tokens/s with 1 and with 2 threads (and the engine's default),
// for Sahel through the API (`sahel serve`, /v1/chat/completions streamed) and for node-llama-cpp in
// a bare script, in one run, alternating. It is the evidence for defaultThreads() on small machines
// (src-main/llm/engine/child/threads.ts). Quick by design (well under 2 minutes on 2 cores).
//
// Usage: node scripts/build.mjs && npm run bench -- threads
//        (or node --import tsx test/bench/threads.bench.ts [--tokens 64] [--runs 3] [--write])
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultThreads } from '../../src-main/llm/engine/child/threads.js';
import { ROOT, startServe } from '../support/sahel-process.js';
import { wsConnect } from '../support/ws-client.js';
import { intArg } from './support/args.js';
import { BareLlama, median, type Sample } from './support/bare-llama.js';
import { machineLine, writeSection } from './support/report.js';
import { viaSse } from './support/sse.js';

const MODEL =
  process.env.SAHEL_BENCH_MODEL ?? join(ROOT, '..', 'shared', 'models', 'llama-2-tiny-random.gguf');
const PROMPT = 'Once upon a time, in a village by the sea, there lived';
const CONTEXT = 1024;
const PASS = 'a long enough benchmark passphrase';

const maxTokens = intArg('--tokens', 64);
const runs = intArg('--runs', 3);
const cores = availableParallelism();
const counts = [...new Set([1, 2, defaultThreads(cores)])].sort((a, b) => a - b);
const dir = mkdtempSync(join(tmpdir(), 'sahel-threads-bench-'));
const served = await startServe(join(dir, 'data'), [], 'serve', { SAHEL_GPU: 'cpu' });
const ws = await wsConnect(served);
const bares = new Map<number, BareLlama>();
try {
  await ws.api.vault.create({ passphrase: PASS });
  const installed = await ws.api.models.import({ path: MODEL });
  const sahel = new Map<number, Sample[]>(counts.map((t) => [t, []]));
  const bare = new Map<number, Sample[]>(counts.map((t) => [t, []]));
  let sequences = 1;
  for (let r = -1; r < runs; r++) {
    for (const threads of counts) {
      const status = await ws.api.models.use({
        id: installed.id,
        gpuLayers: 0,
        contextSize: CONTEXT,
        threads,
      });
      if (status.model?.threads !== threads)
        throw new Error(`the engine runs ${status.model?.threads} threads`);
      sequences = status.model.sequences;
      if (!bares.has(threads)) {
        const b = new BareLlama(dir, MODEL, threads, CONTEXT, sequences);
        await b.ready;
        bares.set(threads, b);
      }
      const s = await viaSse(served, installed.id, PROMPT, maxTokens);
      const b = await bares.get(threads)!.run({ kind: 'session', user: PROMPT, maxTokens });
      // The first round warms both sides up and is not counted.
      if (r >= 0) {
        sahel.get(threads)!.push(s);
        bare.get(threads)!.push(b);
      }
    }
    if (r >= 0) console.log(`round ${r + 1}/${runs} done`);
  }
  const tps = (xs: Sample[]) => median(xs.map((x) => x.tokensPerSecond));
  const best = (m: Map<number, Sample[]>) =>
    counts.reduce((a, b) => (tps(m.get(b)!) > tps(m.get(a)!) ? b : a));
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' / ');
  const md = [
    `### llama.cpp threads on this machine (${maxTokens} tokens, llama-2-tiny-random.gguf, CPU)`,
    '',
    `Measured ${machineLine()}; ${cores} cores as Node counts them; median of ${runs} alternating runs`,
    `after a warm-up round; load average at the end ${load}.`,
    '',
    '| Threads | Sahel: `sahel serve` /v1 SSE (tok/s) | node-llama-cpp bare script (tok/s) |',
    '| ---: | ---: | ---: |',
    ...counts.map(
      (t) =>
        `| ${t}${t === defaultThreads(cores) ? ' (default here)' : ''} | ${tps(sahel.get(t)!).toFixed(1)} | ${tps(bare.get(t)!).toFixed(1)} |`,
    ),
    '',
    `Fastest: Sahel with ${best(sahel)}, bare with ${best(bare)} thread(s); the default on this machine is ` +
      `${defaultThreads(cores)} (${best(sahel) === defaultThreads(cores) ? 'agrees' : 'DISAGREES'} with Sahel's fastest).`,
    `Same prompt and sampling (temperature 0, seed 1), context ${CONTEXT}, ${sequences} sequence(s) on both sides;`,
    'the engine reloads the model for each thread count, the bare scripts (one per count) stay loaded.',
  ].join('\n');
  console.log(md);
  if (process.argv.includes('--write')) writeSection('threads', md);
  else console.log('(not written to docs/PERFORMANCE.md: pass --write)');
} finally {
  for (const b of bares.values()) b.stop();
  ws.close();
  await served.stop();
  rmSync(dir, { recursive: true, force: true });
}
