import type { PolicyRule } from '../../../src-shared/domain/agent.js';
import type { AgentStep } from '../../../src-shared/domain/agent-steps.js';
import { SahelError } from '../../../src-shared/errors.js';
import type { ToolCall } from '../../llm/index.js';
import type { AgentGate, CallContext, GateOutcome } from '../ports.js';
import type { Toolbox } from '../tools/toolbox.js';
import { capped } from './fence.js';

/** What one call gave the model: the app's line about it, the tool's data, and whether it failed. */
export interface CallOutcome {
  header: string;
  data: string;
  failed: boolean;
}

export interface CallScope {
  gate: AgentGate;
  tools: Toolbox;
  ctx: CallContext;
  turn: number;
  emit(step: AgentStep): void;
  /** The active persona's tools: any other is refused ('not-in-persona'); null: every tool. */
  allowed?: readonly string[] | null;
}

/** A failure's message for the model: a typed error's own sentence; anything else stays unnamed. */
export function failureText(err: unknown): string {
  return SahelError.is(err) ? err.message : 'The tool failed unexpectedly.';
}

/**
 * One of the model's calls, through the gate whatever becomes of it: refused (unknown tool, bad
 * arguments), a read tool run and logged, or an act tool prepared and decided on.
 */
export async function handleCall(s: CallScope, call: ToolCall): Promise<CallOutcome> {
  const checked = s.tools.check(call.name, call.arguments);
  if (!checked.ok) return refuse(s, call, checked.args, checked.rule, checked.why);
  const { tool, args } = checked;
  if (s.allowed && !s.allowed.includes(tool))
    return refuse(
      s,
      call,
      args,
      'not-in-persona',
      `The active persona may not use ${tool}: its tools are ${s.allowed.join(', ')}.`,
    );
  if (!s.tools.isAct(tool)) {
    let result: string;
    let ok = true;
    try {
      result = await s.tools.run(tool, args);
    } catch (err) {
      ok = false;
      result = failureText(err);
    }
    s.gate.read(tool, args, ok ? result : `failed: ${result}`, s.ctx);
    s.emit({
      kind: 'lookup',
      turn: s.turn,
      callId: call.id,
      tool,
      arguments: args,
      ok,
      result: capped(result).shown,
    });
    return { header: ok ? 'Looked up.' : 'The lookup failed.', data: result, failed: !ok };
  }
  let proposal: Awaited<ReturnType<Toolbox['propose']>>;
  try {
    proposal = await s.tools.propose(tool, args, s.ctx);
  } catch (err) {
    // Nothing was prepared (too little balance, an offer gone…): the model may correct its call.
    return refuse(s, call, args, 'not-prepared', `It could not be prepared: ${failureText(err)}`);
  }
  s.emit({
    kind: 'proposal',
    turn: s.turn,
    callId: call.id,
    tool,
    arguments: args,
    summary: proposal.summary,
    moves: proposal.moves,
    sharesData: proposal.sharesData,
  });
  let outcome: GateOutcome;
  try {
    outcome = await s.gate.act(proposal, s.ctx);
  } catch (err) {
    // The gate let it run and doing it failed (a re-prepared send that would move more, a revert).
    return { header: 'It failed.', data: failureText(err), failed: true };
  }
  emitDecision(s, call, outcome);
  return {
    header: decisionLine(outcome),
    data: outcome.result,
    failed: outcome.decision === 'denied' || outcome.outcome === 'failed',
  };
}

/** A call refused before any proposal, through the gate so it is logged. */
export function refuse(
  s: CallScope,
  call: ToolCall,
  args: unknown,
  rule: PolicyRule,
  why: string,
): CallOutcome {
  const outcome = s.gate.refuse(call.name, args, rule, why, s.ctx);
  emitDecision(s, call, outcome);
  return { header: decisionLine(outcome), data: outcome.result, failed: true };
}

function emitDecision(s: CallScope, call: ToolCall, o: GateOutcome): void {
  s.emit({
    kind: 'decision',
    turn: s.turn,
    callId: call.id,
    tool: call.name,
    decision: o.decision,
    rule: o.rule,
    result: o.result,
    approvalId: o.approvalId,
    ...(o.outcome ? { outcome: o.outcome } : {}),
  });
}

/** The app's own words on a decision, outside the fence: the model cannot be told otherwise by data. */
function decisionLine(o: GateOutcome): string {
  switch (o.decision) {
    case 'allowed':
    case 'approved':
      return o.outcome === 'failed'
        ? `Allowed, but it failed: nothing more was done (decision ${o.decision}, rule ${o.rule}).`
        : `Done (decision ${o.decision}, rule ${o.rule}).`;
    case 'pending':
      return `Not done yet: it waits for the user's approval (request ${o.approvalId ?? 'unknown'}, rule ${o.rule}). Do not call it again.`;
    default:
      return `Not done (decision ${o.decision}, rule ${o.rule}).`;
  }
}
