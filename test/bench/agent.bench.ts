// The agent's cost per tool call, as a client sees it, in one run against one `sahel serve` (built
// dist, a vault of 200 notes): (1) the loop — chat.send with agent:true over the WebSocket, where a
// scripted model makes CALLS vault_search calls in one turn (each checked, run, decided by the gate,
// appended to the sealed, hash-chained audit log, fenced and handed back) and then answers — against
// (2) the same CALLS searches called directly through the API (vault.search), alternating. The
// difference per call is the loop's overhead; it includes the two scripted model turns and the chat's
// own storage of the turn, which a real model's turns dwarf. The gate's own costs (policy decision, audit
// append) are test/bench/agent-gate.bench.ts's.
//
// Usage: node scripts/build.mjs && node --import tsx test/bench/agent.bench.ts [--runs 9] [--calls 16] [--write]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServe } from '../support/sahel-process.js';
import { wsConnect } from '../support/ws-client.js';
import { machineLine, writeSection } from './support/report.js';

const PASS = 'a long enough benchmark passphrase';
const WORDS = ['irrigation', 'wells', 'harvest', 'millet', 'rainfall', 'cooperative', 'market', 'seed'];

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v <= 0) throw new Error(`${name} needs a positive integer`);
  return v;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
};
const ms = (x: number) => `${x.toFixed(x < 1 ? 3 : 1)} ms`;

const runs = arg('--runs', 9);
const calls = arg('--calls', 16);
const dir = mkdtempSync(join(tmpdir(), 'sahel-agent-bench-'));
const queries = Array.from({ length: calls }, (_, i) => WORDS[i % WORDS.length] ?? 'wells');
// One message per run: a turn of `calls` searches, then the answer.
const turns = Array.from({ length: runs + 1 }, () => [
  { reply: '', toolCalls: queries.map((q) => ({ name: 'vault_search', arguments: { query: q } })) },
  { reply: 'Done.' },
]).flat();
writeFileSync(join(dir, 'script.json'), JSON.stringify({ model: 'bench', turns }));
const served = await startServe(join(dir, 'data'), [], 'serve', {
  SAHEL_CHAT_PROVIDER: `scripted:${join(dir, 'script.json')}`,
});
const ws = await wsConnect(served);
const loop: number[] = [];
const direct: number[] = [];
try {
  await ws.api.vault.create({ passphrase: PASS });
  for (let i = 0; i < 200; i++) {
    const text = `Note ${i}: ${WORDS[i % WORDS.length]} and ${WORDS[(i * 3) % WORDS.length]} near the village.`;
    await ws.api.vault.addNote({ name: `note-${i}.txt`, text });
  }
  await ws.api.agent.setPolicy({ key: 'max-tool-calls', value: String(Math.max(calls, 16)) });
  const viaLoop = async () => {
    const t0 = performance.now();
    const turn = await ws.api.chat.send({ conversationId: null, text: 'search my notes', agent: true });
    const t = performance.now() - t0;
    const looked = turn.reply.steps?.filter((s) => s.kind === 'lookup' && s.ok).length ?? 0;
    if (looked !== calls)
      throw new Error(`the loop ran ${looked} of ${calls} searches: ${turn.reply.error ?? ''}`);
    await ws.api.chat.remove({ id: turn.conversation.id });
    return t;
  };
  const viaApi = async () => {
    const t0 = performance.now();
    for (const query of queries) await ws.api.vault.search({ query, limit: 20 });
    return performance.now() - t0;
  };
  await viaLoop();
  await viaApi();
  for (let r = 0; r < runs; r++) {
    if (r % 2 === 0) {
      loop.push(await viaLoop());
      direct.push(await viaApi());
    } else {
      direct.push(await viaApi());
      loop.push(await viaLoop());
    }
  }
} finally {
  ws.close();
  await served.stop();
  rmSync(dir, { recursive: true, force: true });
}

const perCall = (xs: number[]) => quantile(xs, 0.5) / calls;
const overhead = perCall(loop) - perCall(direct);
const table = [
  '| path | per tool call (median of runs) |',
  '| --- | ---: |',
  `| agent loop: chat.send with agent, ${calls} vault_search calls in one turn | ${ms(perCall(loop))} |`,
  `| the same searches through the API (vault.search) | ${ms(perCall(direct))} |`,
  `| the loop's overhead | ${ms(overhead)} |`,
  `| p90 of a run, loop / direct | ${ms(quantile(loop, 0.9) / calls)} / ${ms(quantile(direct, 0.9) / calls)} |`,
].join('\n');
const report = `### The agent's loop: cost per tool call, end to end

${machineLine()}; ${runs} alternating runs of ${calls} calls.

${table}`;
console.log(report);
if (process.argv.includes('--write')) writeSection('agent', report);
