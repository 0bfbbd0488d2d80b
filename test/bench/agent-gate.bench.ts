// The agent's gate per tool call: the policy decision (decide, pure), an audit append (sealed, hash-
// chained, on a real SQLite file behind a real vault) against its peer, a sealed chat record written
// without a chain; a whole act through the gate (decide, grant, run, log) against running the same
// action directly; and verifying the whole log.
//
// Usage: node --import tsx test/bench/agent-gate.bench.ts [--calls 5000] [--log 10000] [--write]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAgentGate } from '../../src-main/agent/gate.js';
import { decide } from '../../src-main/agent/policy/decide.js';
import type { ActionProposal } from '../../src-main/agent/ports.js';
import { Sealer } from '../../src-main/llm/chat/sealed.js';
import { ChatRepo } from '../../src-main/store/chat-repo.js';
import { DEFAULT_POLICY, type PolicySettings } from '../../src-shared/domain/agent.js';
import { openTestVault } from '../support/vault.js';
import { intArg } from './support/args.js';
import { machineLine, writeSection } from './support/report.js';

const MARKET = '0x1111111111111111111111111111111111111111';
const TOKEN = '0x2222222222222222222222222222222222222222';
const ctx = { conversationId: 'bench', taskId: null, claim: 'bench' };

function stats(xs: number[]): { median: number; p99: number } {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
  return { median: at(0.5), p99: at(0.99) };
}

async function timed(n: number, f: (i: number) => unknown): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await f(i);
    out.push(performance.now() - t0);
  }
  return out;
}

const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;

async function main() {
  const calls = intArg('--calls', 5_000);
  const logSize = intArg('--log', 10_000);
  const dir = mkdtempSync(join(tmpdir(), 'sahel-gate-bench-'));
  const t = openTestVault(dir);
  await t.vault.create('a long enough bench passphrase');
  const { gate, audit } = createAgentGate({
    db: t.db,
    vault: t.vault,
    contracts: async () => ({ marketplace: MARKET, paymentToken: TOKEN, assetRegistry: MARKET }),
  });

  // decide: a buy within limits, with a 1000-address allowlist to look through.
  const settings: PolicySettings = {
    ...DEFAULT_POLICY,
    limits: [{ token: TOKEN, perAction: '10', daily: '1000000', taskBudget: '0' }],
    allowlist: Array.from({ length: 1000 }, (_, i) => ({
      address: `0x${i.toString(16).padStart(40, '0')}`,
      name: `n${i}`,
      addedAt: '2026-01-01T00:00:00.000Z',
    })),
  };
  const move = (approval: boolean) => ({
    token: TOKEN,
    symbol: 'S',
    decimals: 18,
    amount: '5',
    to: MARKET,
    approval,
  });
  const facts = {
    tool: 'market_buy' as const,
    moves: [move(true), move(false)],
    calls: [
      { to: TOKEN, call: 'approve' },
      { to: MARKET, call: 'buy' },
    ],
    sharesData: false,
    settings,
    contracts: { marketplace: MARKET, paymentToken: TOKEN, assetRegistry: MARKET },
    lastDay: new Map([[TOKEN, 100n]]),
    taskSpent: null,
  };
  const decideMs = await timed(calls * 4, () => decide(facts));

  // Fill the log, then time appends on top of it (the size a long-used agent reaches).
  const args = { query: 'some private words to look for in the vault', limit: 10 };
  const entry = (i: number) => ({
    action: 'vault_search',
    actor: 'agent' as const,
    arguments: args,
    decision: 'allowed' as const,
    rule: 'read' as const,
    result: `hit ${i}: `.padEnd(400, 'x'),
    conversationId: 'bench',
  });
  for (let i = 0; i < logSize; i++) audit.append(entry(i));
  const appendMs = await timed(calls, (i) => audit.append(entry(i)));
  const repo = new ChatRepo(t.db);
  const sealer = new Sealer(t.vault);
  const peerMs = await timed(calls, (i) =>
    repo.putRecord(`bench-${i}`, sealer.seal('bench', `bench-${i}`, entry(i))),
  );

  // A whole act (a memory: decide, run, log) against running the same action directly.
  const proposal: ActionProposal = {
    tool: 'memory_remember',
    arguments: { text: 'remember this' },
    summary: 'Remember a note',
    moves: [],
    reviews: [],
    sharesData: false,
    execute: async () => 'remembered',
  };
  const actMs = await timed(calls, () => gate.act(proposal, ctx));
  const directMs = await timed(calls, () => proposal.execute());

  const v0 = performance.now();
  const verdict = audit.verify();
  const verifyMs = performance.now() - v0;
  if (!verdict.ok) throw new Error(`verify failed: ${verdict.problem}`);

  const d = stats(decideMs);
  const a = stats(appendMs);
  const p = stats(peerMs);
  const g = stats(actMs);
  const x = stats(directMs);
  const md = `
### Agent gate (policy decision, audit log)

${machineLine()}. \`node --import tsx test/bench/agent-gate.bench.ts --calls ${calls} --log ${logSize}\`: a real
SQLite file behind a real vault (FAST_KDF); medians and p99 over ${calls} calls (decide: ${calls * 4}).

| per tool call | median | p99 | peer (same run) | peer median | peer p99 |
| --- | --- | --- | --- | --- | --- |
| decide (a buy within limits, 1000-address allowlist) | ${us(d.median)} | ${us(d.p99)} | — | — | — |
| audit append (sealed, hash-chained, log of ${logSize}+) | ${us(a.median)} | ${us(a.p99)} | a sealed chat record put, no chain | ${us(p.median)} | ${us(p.p99)} |
| gate.act of a memory (decide + run + log) | ${us(g.median)} | ${us(g.p99)} | the same action run directly | ${us(x.median)} | ${us(x.p99)} |

Verifying the whole log (${verdict.entries} entries, every body opened): ${verifyMs.toFixed(0)} ms.
`;
  console.log(md);
  if (process.argv.includes('--write')) writeSection('agent-gate', md);
  else console.log('(not written to docs/PERFORMANCE.md: pass --write)');
  gate.close();
  t.close();
  rmSync(dir, { recursive: true, force: true });
}

await main();
