import { z } from 'zod';
import { ActionOutcome, Decision, PolicyRule, ToolName, ValueMove } from './agent.js';

// What the agent's loop did for one user message, step by step, as the conversation shows it (one
// collapsible block each): what it looked up, what it proposes, what the policy decided, what came
// back to the model, and its answer. Text that came from tools is untrusted: show it as such.

const Common = {
  /** The model turn (1-based) the step belongs to. */
  turn: z.number().int().min(1),
  /** The call's id (from the model's turn); null for the answer. */
  callId: z.string().nullable(),
};

/** A read tool ran: what it was asked, and what it gave (capped, as the model saw it). */
export const LookupStep = z.object({
  kind: z.literal('lookup'),
  ...Common,
  tool: ToolName,
  arguments: z.unknown(),
  ok: z.boolean(),
  result: z.string(),
});

/** An act tool's call, prepared: what it would do, from the simulation (never from the model's words). */
export const ProposalStep = z.object({
  kind: z.literal('proposal'),
  ...Common,
  tool: ToolName,
  arguments: z.unknown(),
  summary: z.string(),
  moves: z.array(ValueMove),
  sharesData: z.boolean(),
});

/** What the gate made of a call (an act, or a refusal before any proposal). */
export const DecisionStep = z.object({
  kind: z.literal('decision'),
  ...Common,
  /** The name the model used: may be no tool at all (rule 'unknown-tool'). */
  tool: z.string(),
  decision: Decision,
  rule: PolicyRule,
  result: z.string(),
  approvalId: z.string().nullable(),
  /** An allowed action that ran: done, or failed (`result` says why). */
  outcome: ActionOutcome.optional(),
});

/** What went back to the model for a call: the text as it was shown (capped), without its fence. */
export const ResultStep = z.object({
  kind: z.literal('result'),
  ...Common,
  tool: z.string(),
  ok: z.boolean(),
  text: z.string(),
});

/**
 * Why the loop ended: the model answered; a limit of the turn stopped it (its last answer was made
 * without tools); the user stopped it; or the model failed.
 */
export const LoopStop = z.enum(['answered', 'turn-limit', 'stopped', 'failed']);
export type LoopStop = z.infer<typeof LoopStop>;

export const AnswerStep = z.object({
  kind: z.literal('answer'),
  ...Common,
  text: z.string(),
  stop: LoopStop,
});

export const AgentStep = z.discriminatedUnion('kind', [
  LookupStep,
  ProposalStep,
  DecisionStep,
  ResultStep,
  AnswerStep,
]);
export type AgentStep = z.infer<typeof AgentStep>;
