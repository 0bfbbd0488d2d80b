import { z } from 'zod';
import { ToolName } from './agent.js';
import { AssetKind } from './asset-metadata.js';
import { Address, BaseUnits } from './tx.js';

// Delegated background tasks (issue 13): what a task is, when it comes due and what its runs did. The
// owner's scheduler, the CLI and the renderer all read these.

export const TASK_KINDS = ['agent-prompt', 'market-watch', 'notify', 'delivery', 'receipt'] as const;
export const TaskKind = z.enum(TASK_KINDS);
export type TaskKind = z.infer<typeof TaskKind>;

/** A token: 'native' (the chain's coin) or an ERC-20's address. */
const Token = z.union([z.literal('native'), Address]);

/**
 * What an on-chain event trigger waits for. The event source (a port the market and chain feed) hands
 * the scheduler events; `matchesEvent` decides which tasks they wake.
 */
export const EventFilter = z.discriminatedUnion('kind', [
  /** A new listing whose title or tags hold every word of `words`, at or under `maxPrice` if given. */
  z.strictObject({
    kind: z.literal('listing'),
    words: z.array(z.string().min(1).max(80)).max(10),
    maxPrice: BaseUnits.optional(),
    token: Token.optional(),
  }),
  /** Someone bought a licence of one of my assets (any, or the one named). */
  z.strictObject({ kind: z.literal('purchase'), assetId: z.string().min(1).max(100).optional() }),
  /** My balance or earnings in `token` reached `atLeast` (base units). */
  z.strictObject({
    kind: z.literal('threshold'),
    what: z.enum(['balance', 'earnings']),
    token: Token,
    atLeast: BaseUnits,
  }),
]);
export type EventFilter = z.infer<typeof EventFilter>;

/** The longest interval and the shortest: a year, and a minute (a tighter loop is not a background task). */
export const MIN_EVERY_MS = 60_000;
export const MAX_EVERY_MS = 366 * 24 * 3_600_000;

export const Trigger = z.discriminatedUnion('type', [
  /** A cron expression (5 or 6 fields, croner's syntax) read in the IANA time zone `tz`. */
  z.strictObject({
    type: z.literal('cron'),
    expr: z.string().min(9).max(120),
    tz: z.string().min(1).max(64),
  }),
  /** Every `ms` from the task's creation. */
  z.strictObject({ type: z.literal('every'), ms: z.number().int().min(MIN_EVERY_MS).max(MAX_EVERY_MS) }),
  /** Once, at `at` (ms since the epoch). */
  z.strictObject({ type: z.literal('at'), at: z.number().int().nonnegative() }),
  z.strictObject({ type: z.literal('event'), filter: EventFilter }),
]);
export type Trigger = z.infer<typeof Trigger>;

/** What a slot that came due while the machine slept or Sahel was closed does: one catch-up run, or none. */
export const MissedRule = z.enum(['run-once', 'skip']);
export type MissedRule = z.infer<typeof MissedRule>;

/** What a task may do: its tools (agent-prompt), and the most its runs may move in total of one token. */
export const TaskScope = z.strictObject({
  tools: z.array(ToolName).max(32),
  budget: z.strictObject({ token: Token, total: BaseUnits }).nullable(),
  /** After this (ms since the epoch) the task no longer runs. */
  expires: z.number().int().nonnegative().nullable(),
});
export type TaskScope = z.infer<typeof TaskScope>;

export const RUN_STATUSES = [
  'queued',
  'running',
  'succeeded',
  'failed',
  'cut-short',
  'skipped',
  'timed-out',
  /** Its turn ended with an action held for the user's approval: it waits, holding no slot or time limit. */
  'waiting-approval',
  /** The user rejected the action it waited on: nothing was done, and it is not retried. */
  'rejected',
  /** The approval it waited on expired unanswered (or died with the owner): nothing was done. */
  'expired',
] as const;
export const RunStatus = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof RunStatus>;

/** One line of a run's log. */
export const RunStep = z.strictObject({
  at: z.number().int(),
  kind: z.enum(['info', 'tool', 'result', 'error', 'action', 'notify']),
  text: z.string().max(4_000),
});
export type RunStep = z.infer<typeof RunStep>;

/**
 * A task's own settings by kind, sealed in its row (a prompt is the user's words). `notify`: a message,
 * sent when its threshold holds (or on every run without one); `market-watch`: what it buys.
 */
export const TaskSettings = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('agent-prompt'), prompt: z.string().min(1).max(8_000) }),
  z.strictObject({
    kind: z.literal('notify'),
    message: z.string().min(1).max(500),
    threshold: EventFilter.options[2].omit({ kind: true }).nullable(),
  }),
  /**
   * Buys offers matching `filter` (its words, its price cap in base units of its token), and of
   * `assetKind` if given, cheapest first, at most `maxCount` in all; the task's scope budget caps the
   * total. Each buy goes through the agent's gate as the task's.
   */
  z.strictObject({
    kind: z.literal('market-watch'),
    filter: EventFilter.options[0],
    assetKind: AssetKind.optional(),
    maxCount: z.number().int().min(1).max(100),
  }),
  z.strictObject({ kind: z.literal('delivery') }),
  z.strictObject({ kind: z.literal('receipt') }),
]);
export type TaskSettings = z.infer<typeof TaskSettings>;

export const TaskRunEvent = z.object({
  taskId: z.string(),
  runId: z.string(),
  status: RunStatus,
  attempt: z.number().int().min(1),
});

export const TaskNotificationEvent = z.object({
  taskId: z.string(),
  runId: z.string(),
  title: z.string().max(200),
  body: z.string().max(500),
});

/** A task as the API shows it (its settings only through `tasks.show`, with the vault unlocked). */
export const TaskInfo = z.object({
  id: z.string(),
  kind: TaskKind,
  name: z.string(),
  trigger: Trigger,
  missed: MissedRule,
  scope: TaskScope,
  state: z.enum(['active', 'paused']),
  created: z.number().int(),
  nextDue: z.number().int().nullable(),
  lastRun: z.string().nullable(),
});
export type TaskInfo = z.infer<typeof TaskInfo>;

export const TaskRunInfo = z.object({
  id: z.string(),
  taskId: z.string(),
  due: z.number().int(),
  notBefore: z.number().int(),
  started: z.number().int().nullable(),
  ended: z.number().int().nullable(),
  status: RunStatus,
  attempt: z.number().int().min(1),
  error: z.string().nullable(),
  tokens: z.number().int(),
  spent: z.record(z.string(), z.string()),
});
export type TaskRunInfo = z.infer<typeof TaskRunInfo>;
