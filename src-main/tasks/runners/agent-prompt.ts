import type { ToolName } from '../../../src-shared/domain/agent.js';
import type { AgentStep, LoopStop } from '../../../src-shared/domain/agent-steps.js';
import { SahelError } from '../../../src-shared/errors.js';
import type { TaskRunner } from './runner.js';

/** One delegated prompt for the agent's loop, within a task's scope (core.ts adapts the agent to it). */
export interface AgentTaskRequest {
  text: string;
  /** The task's id: the policy's task budget applies to it and the audit log names it. */
  taskId: string;
  tools: readonly ToolName[];
  signal: AbortSignal;
  onStep(step: AgentStep): void;
}

export interface AgentTaskPort {
  run(r: AgentTaskRequest): Promise<{ text: string; stop: LoopStop; tokens: number }>;
}

export interface AgentPromptPorts {
  agent: AgentTaskPort;
  /** What the task has moved so far without asking, per token key (the agent's spend ledger). */
  spent(taskId: string): ReadonlyMap<string, bigint>;
}

/** Tools whose calls can move value or share data: a run with one in scope is not repeated blindly. */
const MOVING: readonly ToolName[] = ['market_buy', 'wallet_send', 'market_publish'];

/**
 * `agent-prompt`: the task's prompt through the agent's loop with its tools only. Refused before it
 * starts once its total budget is spent. When its scope can move value, the run is one idempotent
 * action: a retry of the same slot after an attempt that got as far as a proposal stops at its own
 * first proposal (what the earlier one did is in the audit log); one that failed or was cut short
 * before any proposal runs in full.
 */
export function agentPromptRunner(p: AgentPromptPorts): TaskRunner {
  return {
    kind: 'agent-prompt',
    retryCutShort: true,
    async run(ctx) {
      const s = ctx.settings;
      if (s.kind !== 'agent-prompt')
        throw new SahelError('CORRUPT', 'The task settings are not an agent prompt’s');
      const { scope } = ctx.task;
      const before = new Map(p.spent(ctx.task.id));
      if (scope.budget) {
        const used = before.get(scope.budget.token.toLowerCase()) ?? 0n;
        if (used >= BigInt(scope.budget.total)) {
          throw new SahelError(
            'DECLINED',
            `The task's budget of ${scope.budget.total} is spent (${used} so far)`,
          );
        }
      }
      // Actions the policy held for the user: the run waits for their answers (approval-waits.ts).
      const awaiting: string[] = [];
      const moving = scope.tools.some((t) => MOVING.includes(t));
      let claimed = false;
      const a = await p.agent.run({
        text: s.prompt,
        taskId: ctx.task.id,
        tools: scope.tools,
        signal: ctx.signal,
        onStep: (step) => {
          // The run's key is stored when its first action is proposed, before the gate decides on it
          // or anything is signed: an attempt cut short before that (a crash while the model thought)
          // moved nothing and is run again; one cut short after it is not, whatever it got to do.
          if (moving && step.kind === 'proposal' && !claimed) {
            if (!ctx.claim('agent-turn')) throw notAgain();
            claimed = true;
          }
          if (step.kind === 'decision' && step.decision === 'pending' && step.approvalId)
            awaiting.push(step.approvalId);
          ctx.step(stepKind(step), describe(step));
        },
      });
      if (a.stop === 'failed' || a.stop === 'stopped')
        throw new SahelError('UNAVAILABLE', a.stop === 'failed' ? 'The model failed' : 'The run was stopped');
      const spent = spentSince(before, p.spent(ctx.task.id));
      return { tokens: a.tokens, spent, ...(awaiting.length > 0 ? { awaiting } : {}) };
    },
  };
}

const notAgain = () =>
  new SahelError(
    'CONFLICT',
    'Not run again: an earlier attempt of this run may have moved value; see the audit log',
  );

function stepKind(step: AgentStep): 'tool' | 'result' | 'info' {
  if (step.kind === 'lookup' || step.kind === 'proposal' || step.kind === 'decision') return 'tool';
  return step.kind === 'answer' ? 'result' : 'info';
}

function describe(step: AgentStep): string {
  switch (step.kind) {
    case 'lookup':
      return `${step.tool}: ${step.ok ? 'ok' : 'failed'}\n${step.result}`;
    case 'proposal':
      return `${step.tool} proposed: ${step.summary}`;
    case 'decision':
      return `${step.tool}: ${step.decision} (${step.rule}) ${step.result}`;
    case 'result':
      return `${step.tool}: ${step.text}`;
    case 'answer':
      return step.text;
    default:
      return JSON.stringify(step).slice(0, 2_000);
  }
}

function spentSince(
  before: ReadonlyMap<string, bigint>,
  after: ReadonlyMap<string, bigint>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [token, v] of after) {
    const d = v - (before.get(token) ?? 0n);
    if (d > 0n) out[token] = d.toString();
  }
  return out;
}
