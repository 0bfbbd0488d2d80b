// The agent loop's own cost per tool call: the same read tool (vault_search on a real vault) called
// through the loop (a scripted model's turn of 16 calls: check, run, the gate's read, fencing, steps)
// beside calling the toolbox directly and the vault port under it, interleaved in one run. The gate
// here answers at once (a recording double): the policy engine's and audit log's own cost per call is
// measured with them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vaultPort } from '../../src-main/agent/index.js';
import { runAgentTurn } from '../../src-main/agent/loop/agent-loop.js';
import { ScriptedProvider } from '../../src-main/llm/providers/scripted-provider.js';
import { RecordingGate, toolboxWith } from '../support/agent.js';
import { openTestVault } from '../support/vault.js';
import { machineLine, writeSection } from './support/report.js';

const CALLS = 16;
const MESSAGES = 60;
const dir = mkdtempSync(join(tmpdir(), 'sahel-bench-agent-'));
const t = openTestVault(dir);
await t.vault.create('agent loop bench passphrase');
for (let i = 0; i < 200; i++)
  await t.vault.items.addNote(`Note ${i}`, `Rent ${i} and food ${i * 3}.`, [], null);
const port = vaultPort(t.vault);
const tools = toolboxWith({ vault: port });
const query = { query: 'rent food' };

const perCall = { loop: [] as number[], toolbox: [] as number[], port: [] as number[] };
const time = async (fn: () => Promise<unknown>) => {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / CALLS;
};
for (let m = 0; m < MESSAGES; m++) {
  const model = new ScriptedProvider({
    delayMs: 0,
    json: [],
    turns: [
      {
        reply: '',
        toolCalls: Array.from({ length: CALLS }, () => ({ name: 'vault_search', arguments: query })),
      },
      { reply: 'Done.' },
    ],
  });
  const gate = new RecordingGate();
  perCall.loop.push(
    await time(() =>
      runAgentTurn(
        { provider: model, gate, tools, limits: () => ({ maxSteps: 8, maxToolCalls: 64 }) },
        { text: 'find', conversationId: null },
      ),
    ),
  );
  if (gate.reads.length !== CALLS) throw new Error('the loop did not run every call');
  perCall.toolbox.push(
    await time(async () => {
      for (let i = 0; i < CALLS; i++) await tools.run('vault_search', query);
    }),
  );
  perCall.port.push(
    await time(async () => {
      for (let i = 0; i < CALLS; i++) await port.search(query.query, 10);
    }),
  );
}
t.close();
rmSync(dir, { recursive: true, force: true });

const q = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const row = (name: string, xs: number[]) =>
  `| ${name} | ${q(xs, 0.5).toFixed(3)} ms | ${q(xs, 0.99).toFixed(3)} ms |`;
const overhead = q(perCall.loop, 0.5) - q(perCall.toolbox, 0.5);
writeSection(
  'agent-loop',
  `
### Agent loop overhead per tool call (vault_search on a 200-note vault)

Measured ${machineLine()}; ${MESSAGES} messages of ${CALLS} calls each, the three paths interleaved;
per call = a message's time / ${CALLS} (median and p99 over the messages).

| Path | Median per call | p99 per call |
| --- | ---: | ---: |
${row('Through the loop (scripted model, recording gate, fenced results, steps)', perCall.loop)}
${row('The toolbox directly (zod check skipped, the same text result)', perCall.toolbox)}
${row('The vault port directly (search only, no text)', perCall.port)}

The loop adds ${overhead.toFixed(3)} ms per call over the tool itself (the model's own time not counted:
the scripted model answers at once). The policy engine's and audit log's cost per call is measured
with them.
`,
);
console.log(`loop overhead per call: ${overhead.toFixed(3)} ms`);
