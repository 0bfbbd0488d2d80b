// KV-cache reuse across chat turns: time to first token of turn 20 of a long conversation against
// turn 2 (target ≤ 1.2×), beside the same turn 20 sent as a fresh session (what every turn would
// cost without reuse), and the first turns after an engine restart (the history evaluated once).
// Times are taken in the owner, where the first token's text arrives.
//
// Usage: node --import tsx test/bench/chat-kv.bench.ts [--turns 20] [--runs 3] [--write]
import { join } from 'node:path';
import { EngineHost } from '../../src-main/llm/engine/host/engine-host.js';
import type { ChatMessage } from '../../src-main/llm/engine/protocol.js';
import { ROOT } from '../support/sahel-process.js';
import { machineLine, writeSection } from './support/report.js';

const MODEL = join(ROOT, '..', 'shared', 'models', 'llama-2-tiny-random.gguf');
const CONTEXT = 4096;
const REPLY_TOKENS = 12;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v <= 0) throw new Error(`${name} needs a positive integer`);
  return v;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

const host = new EngineHost({ gpu: 'cpu' });
// Reported, not swallowed: the run then fails.
process.on('unhandledRejection', (e) => {
  console.error('unhandled rejection:', e);
  process.exitCode = 1;
});

async function turn(sessionId: string, messages: ChatMessage[]) {
  const t0 = performance.now();
  let first = 0;
  let text = '';
  const h = host.chat(
    { sessionId, messages, maxTokens: REPLY_TOKENS, temperature: 0, seed: 1 },
    {
      onToken: (t) => {
        if (!first) first = performance.now();
        text += t;
      },
    },
  );
  const done = await h.done;
  return { ttftMs: first - t0, text, done };
}

function userMessage(i: number): string {
  return `Turn ${i}: here is some more about my garden, the tomatoes, the beans and the weather this week, and what I plan to plant next.`;
}

async function conversation(run: number, turns: number) {
  const id = `bench-${run}`;
  const history: ChatMessage[] = [{ role: 'system', content: 'You are a helpful gardening assistant.' }];
  const ttft: number[] = [];
  const reused: number[] = [];
  let prompt = 0;
  for (let i = 1; i <= turns; i++) {
    history.push({ role: 'user', content: userMessage(i) });
    const r = await turn(id, history);
    ttft.push(r.ttftMs);
    reused.push(r.done.reusedTokens);
    prompt = r.done.promptTokens;
    history.push({ role: 'assistant', content: r.text });
  }
  // The same last turn as a conversation the engine has never seen: the whole history evaluated.
  const cold = await turn(`cold-${run}`, history.slice(0, -1));
  // An engine restart: the next turn evaluates the history once, the one after reuses it again.
  process.kill(host.pid as number, 'SIGKILL');
  // The host notices on the process's exit event; a request sent before that fails as 'crashed'.
  while (host.loaded) await new Promise((r) => setTimeout(r, 20));
  // A fresh process and the model loaded again, untimed: what is timed is the history's evaluation.
  await host.load({ modelPath: MODEL, contextSize: CONTEXT, sequences: 2 });
  history.push({ role: 'user', content: userMessage(turns + 1) });
  const afterRestart = await turn(id, history);
  history.push(
    { role: 'assistant', content: afterRestart.text },
    { role: 'user', content: userMessage(turns + 2) },
  );
  const secondAfter = await turn(id, history);
  return {
    turn2: ttft[1] ?? Number.NaN,
    turnN: ttft[turns - 1] ?? Number.NaN,
    reusedN: reused[turns - 1] ?? 0,
    promptN: prompt,
    cold: cold.ttftMs,
    afterRestart: afterRestart.ttftMs,
    afterRestartReused: afterRestart.done.reusedTokens,
    secondAfter: secondAfter.ttftMs,
    secondAfterReused: secondAfter.done.reusedTokens,
  };
}

async function main() {
  const turns = arg('--turns', 20);
  const runs = arg('--runs', 3);
  await host.load({ modelPath: MODEL, contextSize: CONTEXT, sequences: 2 });
  const results: Awaited<ReturnType<typeof conversation>>[] = [];
  for (let run = 0; run < runs; run++) {
    results.push(await conversation(run, turns));
    // The restart unloaded the model; the host reloads it on the next request by itself.
  }
  await host.dispose();
  const m = (k: keyof (typeof results)[number]) => median(results.map((r) => r[k] as number));
  const ratio = m('turnN') / m('turn2');
  const f = (ms: number) => `${ms.toFixed(1)} ms`;
  const md = `## Chat: KV-cache reuse across turns

${machineLine()}; tiny llama GGUF on CPU, context ${CONTEXT}, ${REPLY_TOKENS}-token replies, median of ${runs} conversations of ${turns} turns. Time to first token as the owner sees it (EngineHost → engine child → IPC).

| | time to first token | prompt tokens evaluated |
| --- | ---: | ---: |
| turn 2 | ${f(m('turn2'))} | |
| turn ${turns} (same session) | ${f(m('turnN'))} | ${m('promptN') - m('reusedN')} of ${m('promptN')} |
| turn ${turns} as a fresh session (no reuse) | ${f(m('cold'))} | ${m('promptN')} of ${m('promptN')} |
| first turn after an engine restart | ${f(m('afterRestart'))} | all (${m('afterRestartReused')} reused) |
| second turn after the restart | ${f(m('secondAfter'))} | ${m('secondAfterReused')} reused |

Turn ${turns} / turn 2: **${ratio.toFixed(2)}×** (target ≤ 1.2×).`;
  console.log(md);
  console.log(JSON.stringify(results));
  if (process.argv.includes('--write')) writeSection('chat-kv', md);
  else console.log('(not written to docs/PERFORMANCE.md: pass --write)');
}

await main();
