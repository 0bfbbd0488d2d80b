import { z } from 'zod';
import { Address, BaseUnits, TxReview } from './tx.js';

// The agent's shared vocabulary: its tools, the policy that decides what they may do, the approvals the
// user answers and the audit log of everything. The owner, the CLI and the renderer all read these.

/** The tools' names are fixed: scripts, tests and the audit log name them. */
export const READ_TOOLS = [
  'vault_search',
  'vault_read',
  'market_search',
  'market_show',
  'wallet_balance',
  'tasks_list',
  'memory_recall',
] as const;
export const ACT_TOOLS = [
  'market_buy',
  'market_publish',
  'wallet_send',
  'tasks_schedule',
  'memory_remember',
] as const;
export const ToolName = z.enum([...READ_TOOLS, ...ACT_TOOLS]);
export type ToolName = z.infer<typeof ToolName>;
export type ReadToolName = (typeof READ_TOOLS)[number];
export type ActToolName = (typeof ACT_TOOLS)[number];

export function isActTool(name: ToolName): name is ActToolName {
  return (ACT_TOOLS as readonly string[]).includes(name);
}

/** One tool as `sahel agent tools --json` lists it and the model is given it. */
export const ToolInfo = z.object({
  name: ToolName,
  kind: z.enum(['read', 'act']),
  description: z.string(),
  /** JSON schema of the arguments (from the tool's zod schema). */
  parameters: z.record(z.string(), z.unknown()),
});
export type ToolInfo = z.infer<typeof ToolInfo>;

/** Where a token's limits apply: an ERC-20 address, or 'native' for the chain's coin. */
export const TokenKey = z.union([Address, z.literal('native')]);
export type TokenKey = z.infer<typeof TokenKey>;

/**
 * What the agent may move of one token without asking, in base units. '0' everywhere (the default, and
 * for any token not listed) means every value move waits for the user.
 */
export const TokenLimits = z.object({
  token: TokenKey,
  /** The most one action may move without asking. */
  perAction: BaseUnits,
  /** The most all actions together may move without asking in any rolling 24 hours. */
  daily: BaseUnits,
  /** The most one delegated task may move in total (the tasks issue uses it). */
  taskBudget: BaseUnits,
  /** How to show the amounts (the token's own, read from the chain when the limit was set). */
  symbol: z.string().max(32).optional(),
  decimals: z.number().int().min(0).max(36).optional(),
});
export type TokenLimits = z.infer<typeof TokenLimits>;

/** An address the user approved as a recipient, in the UI or the CLI (never from a tool call). */
export const AllowedAddress = z.object({
  address: Address,
  name: z.string().max(80),
  addedAt: z.string(),
});
export type AllowedAddress = z.infer<typeof AllowedAddress>;

export const PolicySettings = z.object({
  limits: z.array(TokenLimits).max(64),
  allowlist: z.array(AllowedAddress).max(1000),
  /** An approval not answered in this many seconds expires as rejected. */
  approvalTimeoutSeconds: z
    .number()
    .int()
    .min(10)
    .max(7 * 24 * 3600),
  /** Model turns per user message before the loop stops. */
  maxSteps: z.number().int().min(1).max(32),
  /** Tool calls per user message before the loop stops. */
  maxToolCalls: z.number().int().min(1).max(64),
});
export type PolicySettings = z.infer<typeof PolicySettings>;

export const DEFAULT_POLICY: PolicySettings = {
  limits: [],
  allowlist: [],
  approvalTimeoutSeconds: 600,
  maxSteps: 8,
  maxToolCalls: 16,
};

/** What became of a tool call (or a policy change): the audit log's `decision`. */
export const Decision = z.enum(['allowed', 'denied', 'pending', 'approved', 'rejected', 'expired']);
export type Decision = z.infer<typeof Decision>;

/**
 * The rule that decided, named so the user can find it in the policy. Read tools are 'read';
 * the 'never-*' rules hold whatever the limits.
 */
export const PolicyRule = z.enum([
  'read',
  'bad-arguments',
  'unknown-tool',
  'turn-limit',
  'auto-approve-zero',
  'over-per-action',
  'over-daily',
  'over-task-budget',
  'within-limits',
  'unknown-recipient',
  'unknown-contract',
  'unlimited-approval',
  'never-publish-unasked',
  'never-export',
  'never-reveal-secrets',
  'never-change-policy',
  'never-change-network',
  'memory',
  'user',
  // A call that failed already for this message, not run again (the loop's, not a limit's).
  'repeated-failure',
  // An act whose proposal could not be prepared (too little balance, an offer gone): nothing to decide.
  'not-prepared',
  // A tool the active persona (an installed agent package) does not list: code decides, not its prompt.
  'not-in-persona',
]);
export type PolicyRule = z.infer<typeof PolicyRule>;

/** One value move an action would make, read from the pipeline's simulation (never from text). */
export const ValueMove = z.object({
  token: TokenKey,
  symbol: z.string(),
  decimals: z.number().int().min(0).max(36),
  amount: BaseUnits,
  /** Who receives it, or for an approval who may take it. */
  to: Address,
  approval: z.boolean(),
});
export type ValueMove = z.infer<typeof ValueMove>;

/** Who a move goes to, in words: the network's configured marketplace is named as such, with its address. */
export function moveRecipient(to: string, marketplace: string | null | undefined): string {
  return marketplace && to.toLowerCase() === marketplace.toLowerCase() ? `the marketplace (${to})` : to;
}

/**
 * A call a plan sends after those reviewed, which can only be simulated once they are mined (a buy
 * after its token approval): decoded by the app from its plan, with its estimated fee ceiling.
 */
export const LaterCall = z.object({
  to: z.string(),
  /** The contract function ('buy'). */
  call: z.string(),
  /** Its decoded arguments, in words the app wrote (offer, price, token…). */
  args: z.record(z.string(), z.string()),
  /** Estimated fee ceiling, in wei. */
  maxFee: z.string(),
});
export type LaterCall = z.infer<typeof LaterCall>;

/** An act tool's call waiting for the user. */
export const Approval = z.object({
  id: z.string(),
  tool: z.enum(ACT_TOOLS),
  arguments: z.record(z.string(), z.unknown()),
  /** What it would do, in words the app wrote from the simulation (not the model's). */
  summary: z.string(),
  moves: z.array(ValueMove),
  /** The pipeline's reviews of its transactions (decoded call, simulation, fee). */
  reviews: z.array(TxReview),
  /** Calls sent after those reviewed, once they are mined (a buy after its approve). */
  laterCalls: z.array(LaterCall).default([]),
  rule: PolicyRule,
  /** Why the policy held it. */
  why: z.string(),
  /** The model's stated reason: its claim, shown as such. */
  claim: z.string().max(2000),
  conversationId: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string(),
  state: z.enum(['pending', 'approved', 'rejected', 'expired']),
});
export type Approval = z.infer<typeof Approval>;

/** What an action that ran came to: done, or failed (the entry's result says why). */
export const ActionOutcome = z.enum(['done', 'failed']);
export type ActionOutcome = z.infer<typeof ActionOutcome>;

/** One line of the hash-chained audit log. */
export const AuditEntry = z.object({
  seq: z.number().int().positive(),
  at: z.string(),
  /** A tool's name, or what else happened: 'policy.set', 'policy.allow', 'approval', 'tx'… */
  action: z.string().max(64),
  actor: z.enum(['agent', 'user', 'owner']),
  arguments: z.unknown(),
  decision: Decision,
  rule: PolicyRule,
  /** What happened, as text (capped). */
  result: z.string(),
  /**
   * Whether an action that ran (allowed, or approved by the user) did what it proposed ('done') or
   * failed ('failed', `result` saying why). Absent where nothing ran, and in entries written before
   * it existed (absent rather than null, so their hashes stay as they were).
   */
  outcome: ActionOutcome.optional(),
  /**
   * The approval an entry puts on hold ('pending') or ends (approved, rejected, expired). Absent in
   * entries written before it existed, whose result text names it instead.
   */
  approvalId: z.string().optional(),
  conversationId: z.string().nullable(),
  /** sha256 (hex) over the previous hash and this entry's canonical body. */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  prevHash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** `--verify`: intact, or the first entry that was edited, removed or reordered. */
export const AuditVerdict = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), entries: z.number().int() }),
  z.object({ ok: z.literal(false), seq: z.number().int(), problem: z.string() }),
]);
export type AuditVerdict = z.infer<typeof AuditVerdict>;
