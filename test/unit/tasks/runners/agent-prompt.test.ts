import { describe, expect, it } from 'vitest';
import { memoryPort, vaultPort } from '../../../../src-main/agent/index.js';
import { runAgentTurn } from '../../../../src-main/agent/loop/agent-loop.js';
import { MemoryStore } from '../../../../src-main/llm/chat/memories.js';
import { Sealer } from '../../../../src-main/llm/chat/sealed.js';
import type { ToolTurn } from '../../../../src-main/llm/providers/provider.js';
import { ScriptedProvider } from '../../../../src-main/llm/providers/scripted-provider.js';
import { ChatRepo } from '../../../../src-main/store/chat-repo.js';
import { type AgentTaskPort, agentPromptRunner } from '../../../../src-main/tasks/runners/agent-prompt.js';
import type { AgentStep } from '../../../../src-shared/domain/agent-steps.js';
import type { TaskScope } from '../../../../src-shared/domain/tasks.js';
import { RecordingGate, toolboxWith } from '../../../support/agent.js';
import { FakeClock } from '../../../support/fake-clock.js';
import { tempDir } from '../../../support/tmp.js';
import { history, MIN, openRig, type Rig, T0 } from '../fixture.js';

const PROMPT = 'Summarise what changed in my research notes';

class Model extends ScriptedProvider {
  readonly asked: ToolTurn[] = [];
  override toolTurn(turn: ToolTurn) {
    this.asked.push(turn);
    return super.toolTurn(turn);
  }
}

function addPrompt(rig: Rig, scope: Partial<TaskScope>) {
  return rig.tasks.add({
    name: 'morning summary',
    trigger: { type: 'at', at: T0 + MIN },
    missed: 'run-once',
    scope: { tools: [], budget: null, expires: null, ...scope },
    settings: { kind: 'agent-prompt', prompt: PROMPT },
  });
}

describe('agent-prompt tasks', () => {
  it('run the prompt through the agent loop with the task’s tools only, and keep the prompt and log sealed', async () => {
    const gate = new RecordingGate(() => 'hold');
    const model = new Model({
      delayMs: 0,
      json: [],
      turns: [
        {
          reply: '',
          toolCalls: [
            { name: 'vault_search', arguments: { query: 'research' } },
            { name: 'wallet_send', arguments: { to: `0x${'1'.repeat(40)}`, amount: '5' } },
          ],
        },
        { reply: 'Nothing changed in your research notes.' },
      ],
    });
    let rig: Rig | undefined;
    const agent: AgentTaskPort = {
      run: async (r) => {
        const memories = new MemoryStore(new ChatRepo(rig!.db), new Sealer(rig!.vault));
        // The loop as open-agent's runTask calls it; the wallet is never reached (its port throws).
        const tools = toolboxWith({ vault: vaultPort(rig!.vault), memories: memoryPort(memories) });
        const reply = await runAgentTurn(
          { provider: model, gate, tools, limits: () => ({ maxSteps: 4, maxToolCalls: 8 }) },
          {
            text: r.text,
            conversationId: null,
            taskId: r.taskId,
            tools: r.tools,
            signal: r.signal,
            onStep: r.onStep,
          },
        );
        return { text: reply.text, stop: reply.stop, tokens: 12 };
      },
    };
    rig = await openRig(tempDir(), {
      runners: { 'agent-prompt': agentPromptRunner({ agent, spent: () => new Map() }) },
    });
    rig.scheduler.start();
    const t = addPrompt(rig, { tools: ['vault_search'] });
    await rig.clock.advance(MIN);
    await new Promise((r) => setTimeout(r, 50));
    await rig.clock.advance(0);

    expect(history(rig, t.id)).toEqual(['succeeded@1']);
    expect(model.asked[0]?.tools.map((x) => x.name)).toEqual(['vault_search']);
    expect(model.asked[0]?.messages.at(-1)).toMatchObject({ role: 'user', content: PROMPT });
    expect(gate.reads.map((x) => [x.tool, x.ctx.taskId])).toEqual([['vault_search', t.id]]);
    expect(gate.refusals).toEqual([
      expect.objectContaining({
        tool: 'wallet_send',
        rule: 'unknown-tool',
        why: 'This task may not use wallet_send.',
      }),
    ]);
    const run = rig.book.runs(t.id)[0]!;
    expect(run.tokens).toBe(12);
    const log = rig.book.log(run.id).map((s) => s.text);
    expect(log).toContain('Nothing changed in your research notes.');
    expect(log.some((l) => l.startsWith('wallet_send: denied (unknown-tool)'))).toBe(true);
    // Neither the prompt nor the log is readable in the database file.
    const raw = rig.db
      .prepare('SELECT t.settings, r.log FROM tasks t JOIN task_runs r ON r.task_id = t.id')
      .get() as {
      settings: Buffer;
      log: Buffer;
    };
    expect(raw.settings.includes(Buffer.from('research'))).toBe(false);
    expect(raw.log.includes(Buffer.from('research'))).toBe(false);
    rig.close();
  });

  it('do not start once the task’s budget is spent (and are not retried)', async () => {
    const asked: string[] = [];
    const agent: AgentTaskPort = {
      run: async (r) => {
        asked.push(r.text);
        return { text: 'x', stop: 'answered', tokens: 0 };
      },
    };
    const spent = new Map([['native', 10n]]);
    const rig = await openRig(tempDir(), {
      runners: { 'agent-prompt': agentPromptRunner({ agent, spent: () => spent }) },
    });
    rig.scheduler.start();
    const t = addPrompt(rig, { tools: ['market_buy'], budget: { token: 'native', total: '10' } });
    await rig.clock.advance(MIN);
    await rig.clock.advance(30 * MIN);
    expect(asked).toEqual([]);
    expect(history(rig, t.id)).toEqual(['failed@1']);
    expect(rig.book.runs(t.id)[0]?.error).toBe("The task's budget of 10 is spent (10 so far)");
    rig.close();
  });

  it('with a scope that moves value: an attempt that got as far as a proposal is not run again; one that failed before may be', async () => {
    const proposal: AgentStep = {
      kind: 'proposal',
      turn: 1,
      callId: 'c1',
      tool: 'market_buy',
      arguments: {},
      summary: 'Buy offer 7 for 5',
      moves: [],
      sharesData: false,
    };
    const calls: number[] = [];
    /** The attempts whose proposal went on to the gate (the loop acts right after the step). */
    const acted: number[] = [];
    const spent = new Map<string, bigint>();
    const agent: AgentTaskPort = {
      run: async (r) => {
        const n = calls.push(calls.length + 1);
        // First slot: fails before proposing, then proposes, spends and fails.
        if (n === 1) return { text: '', stop: 'failed', tokens: 0 };
        r.onStep(proposal);
        acted.push(n);
        spent.set('native', 5n);
        return { text: '', stop: 'failed', tokens: 0 };
      },
    };
    const rig = await openRig(tempDir(), {
      runners: { 'agent-prompt': agentPromptRunner({ agent, spent: () => spent }) },
      retry: { maxAttempts: 4, baseMs: MIN, capMs: MIN },
    });
    rig.scheduler.start();
    const t = addPrompt(rig, { tools: ['market_buy'] });
    for (let i = 0; i < 5; i++) await rig.clock.advance(MIN);
    // The third attempt starts the model again but stops at its proposal, before the gate.
    expect(calls).toEqual([1, 2, 3]);
    expect(acted).toEqual([2]);
    expect(history(rig, t.id)).toEqual(['failed@1', 'failed@2', 'failed@3']);
    const runs = rig.book.runs(t.id);
    expect(runs[0]?.error).toBe(
      'Not run again: an earlier attempt of this run may have moved value; see the audit log',
    );
    rig.close();
  });

  it('with a scope that moves value: a crash while the model thought (no proposal yet) is retried in full and acts once; a crash after its proposal is not acted on again', async () => {
    const proposal: AgentStep = {
      kind: 'proposal',
      turn: 1,
      callId: 'c1',
      tool: 'wallet_send',
      arguments: {},
      summary: 'Send 5',
      moves: [],
      sharesData: false,
    };
    const acted: string[] = [];
    /** Per attempt: whether it proposes before it hangs (the owner is then killed), or finishes. */
    let plan: 'hang-before' | 'hang-after' | 'finish' = 'hang-before';
    const agent: AgentTaskPort = {
      run: async (r) => {
        if (plan === 'hang-before') return new Promise(() => {});
        r.onStep(proposal);
        acted.push(plan);
        if (plan === 'hang-after') return new Promise(() => {});
        return { text: 'Sent.', stop: 'answered', tokens: 1 };
      },
    };
    const runners = { 'agent-prompt': agentPromptRunner({ agent, spent: () => new Map() }) };
    const dir = tempDir();
    const first = await openRig(dir, { runners });
    first.scheduler.start();
    const t = addPrompt(first, { tools: ['wallet_send'] }).id;
    await first.clock.advance(MIN);
    first.crash();

    plan = 'hang-after';
    const clock2 = new FakeClock(T0 + 2 * MIN);
    const second = await openRig(dir, { runners, clock: clock2 }, false);
    second.scheduler.start();
    await clock2.advance(0);
    expect(history(second, t)).toEqual(['cut-short@1', 'running@2']);
    expect(acted).toEqual(['hang-after']);
    second.crash();

    plan = 'finish';
    const clock3 = new FakeClock(T0 + 4 * MIN);
    const third = await openRig(dir, { runners, clock: clock3 }, false);
    third.scheduler.start();
    await clock3.advance(0);
    await clock3.advance(0);
    // The third attempt stopped at its proposal: the second one's key was stored before its act.
    expect(acted).toEqual(['hang-after']);
    expect(history(third, t)).toEqual(['cut-short@1', 'cut-short@2', 'failed@3']);
    expect(third.book.runs(t)[0]?.error).toMatch(/^Not run again/);
    third.close();
  });

  it('with a read-only scope, report what the run spent (nothing) and retry freely', async () => {
    let n = 0;
    const agent: AgentTaskPort = {
      run: async () => {
        n++;
        return n === 1
          ? { text: '', stop: 'failed', tokens: 0 }
          : { text: 'ok', stop: 'answered', tokens: 3 };
      },
    };
    const rig = await openRig(tempDir(), {
      runners: { 'agent-prompt': agentPromptRunner({ agent, spent: () => new Map() }) },
      retry: { maxAttempts: 3, baseMs: MIN, capMs: MIN },
    });
    rig.scheduler.start();
    const t = addPrompt(rig, { tools: ['vault_search'] });
    await rig.clock.advance(MIN);
    await rig.clock.advance(MIN);
    expect(history(rig, t.id)).toEqual(['failed@1', 'succeeded@2']);
    expect(rig.book.runs(t.id)[0]).toMatchObject({ tokens: 3, spent: {} });
    rig.close();
  });
});
