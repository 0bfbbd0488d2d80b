// Switching among conversations: time to first token when the user goes back to a conversation after
// others ran, with the engine holding 4 sequences (LlmService's default now) against 1 sequence (the
// named peer: session 2's behaviour, where every switch evaluates the whole history again). Also what
// a LoRA adapter from the vault adds to a load (decrypt + apply + remove) against the plain load.
// Everything goes through LlmService, the path the app uses.
//
// Usage: node --import tsx test/bench/warm-chats.bench.ts [--turns 8] [--rounds 5] [--write]
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VaultAdapters } from '../../src-main/llm/adapters.js';
import type { ChatMessage } from '../../src-main/llm/engine/protocol.js';
import { LlmService } from '../../src-main/llm/llm-service.js';
import { inspectGguf } from '../../src-main/llm/models/gguf.js';
import { silentLogger } from '../support/logger.js';
import { writeLora } from '../support/lora-gguf.js';
import { ROOT } from '../support/sahel-process.js';
import { openTestVault } from '../support/vault.js';
import { machineLine, writeSection } from './support/report.js';

const MODEL = join(ROOT, '..', 'shared', 'models', 'llama-2-tiny-random.gguf');
const CONTEXT = 2048;
const CONVERSATIONS = 3;
const REPLY = 8;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v <= 0) throw new Error(`${name} needs a positive integer`);
  return v;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

async function target() {
  return {
    id: 'tiny',
    name: 'Tiny',
    path: MODEL,
    fileBytes: statSync(MODEL).size,
    meta: await inspectGguf(MODEL),
  };
}

async function turn(llm: LlmService, sessionId: string, messages: ChatMessage[]) {
  const t0 = performance.now();
  let first = 0;
  let text = '';
  const h = llm.engine().chat(
    { sessionId, messages, maxTokens: REPLY, temperature: 0, seed: 1 },
    {
      onToken: (t) => {
        if (!first) first = performance.now();
        text += t;
      },
    },
  );
  const done = await h.done;
  return {
    ttft: first - t0,
    text,
    evaluated: done.promptTokens - done.reusedTokens,
    prompt: done.promptTokens,
  };
}

/** A service holding `maxSequences` sequences with CONVERSATIONS histories of `turns` turns built. */
async function prepared(maxSequences: number, turns: number) {
  const llm = new LlmService({ log: silentLogger(), gpu: 'cpu', onStatus: () => {}, maxSequences });
  await llm.load(await target(), { contextSize: CONTEXT });
  const histories = Array.from({ length: CONVERSATIONS }, (_, c): ChatMessage[] => [
    { role: 'system', content: `You are assistant number ${c}.` },
  ]);
  const say = async (c: number, i: number) => {
    const h = histories[c]!;
    h.push({
      role: 'user',
      content: `Turn ${i} of conversation ${c}: about the garden, the beans and the rain.`,
    });
    const r = await turn(llm, `c${c}`, h);
    h.push({ role: 'assistant', content: r.text });
    return r;
  };
  for (let i = 0; i < turns; i++) for (let c = 0; c < CONVERSATIONS; c++) await say(c, i);
  return { llm, say, sequences: llm.status().model?.sequences ?? 0 };
}

/**
 * Both engines run side by side and each visit is timed on one and then the other, so whatever else
 * the machine is doing weighs on both alike.
 */
async function switching(turns: number, rounds: number) {
  const warm = await prepared(4, turns);
  const one = await prepared(1, turns);
  const figures = {
    warm: { ttft: [] as number[], evaluated: [] as number[] },
    one: { ttft: [] as number[], evaluated: [] as number[] },
  };
  let prompt = 0;
  for (let r = 0; r < rounds; r++) {
    for (let c = 0; c < CONVERSATIONS; c++) {
      for (const [name, s] of [
        ['warm', warm],
        ['one', one],
      ] as const) {
        const res = await s.say(c, turns + r);
        figures[name].ttft.push(res.ttft);
        figures[name].evaluated.push(res.evaluated);
        prompt = res.prompt;
      }
    }
  }
  await warm.llm.dispose();
  await one.llm.dispose();
  const sum = (f: { ttft: number[]; evaluated: number[] }, sequences: number) => ({
    sequences,
    ttft: median(f.ttft),
    evaluated: median(f.evaluated),
    prompt,
  });
  return { warm: sum(figures.warm, warm.sequences), one: sum(figures.one, one.sequences) };
}

/** Median load time with and without one adapter decrypted from a vault. */
async function loraLoad(runs: number) {
  const dir = mkdtempSync(join(tmpdir(), 'sahel-bench-lora-'));
  const t = openTestVault(dir);
  try {
    await t.vault.create('a long enough bench passphrase');
    mkdirSync(join(dir, 'f'));
    await writeLora(join(dir, 'f', 'adapter.gguf'), MODEL, { rank: 8 });
    const [item] = await t.vault.items.importPaths([join(dir, 'f', 'adapter.gguf')], [], null, 'bench');
    t.vault.items.update(item!.id, { modelPart: { role: 'lora-adapter', model: null } });
    const llm = new LlmService({
      log: silentLogger(),
      gpu: 'cpu',
      onStatus: () => {},
      adapters: new VaultAdapters(t.vault),
    });
    const tg = await target();
    await llm.load(tg, { contextSize: 512 });
    const plain: number[] = [];
    const withLora: number[] = [];
    for (let i = 0; i < runs; i++) {
      let t0 = performance.now();
      await llm.load(tg, { contextSize: 512 });
      plain.push(performance.now() - t0);
      t0 = performance.now();
      await llm.load(tg, { contextSize: 512, adapters: [{ itemId: item!.id, scale: 1 }] });
      withLora.push(performance.now() - t0);
    }
    await llm.dispose();
    return { plain: median(plain), lora: median(withLora), bytes: item!.size };
  } finally {
    t.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const turns = arg('--turns', 8);
  const rounds = arg('--rounds', 5);
  const { warm, one } = await switching(turns, rounds);
  const lora = await loraLoad(5);
  const f = (ms: number) => `${ms.toFixed(1)} ms`;
  const md = `## Chat: switching among conversations; LoRA load

${machineLine()}; tiny llama GGUF on CPU through LlmService, context ${CONTEXT} per sequence, ${CONVERSATIONS} conversations of ${turns} turns visited in turn ${rounds} times (median over the visits), ${REPLY}-token replies; both engines run side by side and each visit is timed on one, then the other.

| engine sequences | time to first token after a switch | prompt tokens evaluated |
| --- | ---: | ---: |
| ${warm.sequences} (now: up to 4, bounded by memory) | ${f(warm.ttft)} | ${warm.evaluated} of ${warm.prompt} |
| ${one.sequences} (peer: session 2's single sequence) | ${f(one.ttft)} | ${one.evaluated} of ${one.prompt} |

Switch with warm sequences / single sequence: **${(warm.ttft / one.ttft).toFixed(2)}×**.

Load of the tiny model with a ${(lora.bytes / 1024).toFixed(0)} KiB LoRA adapter from the vault (decrypt to the runtime dir, apply, remove): ${f(lora.lora)} against ${f(lora.plain)} without (median of 5). Run from the sources, where the vault's decrypt worker thread starts through tsx: most of the difference is that start, not llama.cpp applying the adapter.

With this tiny model (8-wide, one layer) evaluating a few hundred tokens costs next to nothing, so the time to first token barely moves; what the table shows is the work saved (prompt tokens evaluated), which on a real 7–8B model on a CPU (prompt evaluation at tens of tokens per second) is seconds per switch.`;
  console.log(md);
  if (process.argv.includes('--write')) writeSection('warm-chats', md);
  else console.log('(not written to docs/PERFORMANCE.md: pass --write)');
}

await main();
