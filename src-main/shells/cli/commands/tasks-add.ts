import type { SahelClient } from '../../../../src-shared/api/contract.js';
import type { ToolName } from '../../../../src-shared/domain/agent.js';
import { ToolName as ToolNameSchema } from '../../../../src-shared/domain/agent.js';
import { parseAmount } from '../../../../src-shared/domain/amount.js';
import { AssetKind } from '../../../../src-shared/domain/asset-metadata.js';
import type { EventFilter, MissedRule, TaskSettings, Trigger } from '../../../../src-shared/domain/tasks.js';
import { parseEvery, systemZone } from '../../../tasks/index.js';
import { UsageError } from '../output.js';
import type { VaultPassFlags } from './vault-session.js';

// `sahel tasks add`: the command line read into the API's input, every mistake a UsageError before
// anything connects. Amounts are whole units of an 18-decimal token: the native coin, or the
// marketplace's payment token (PaymentToken.sol has 18 decimals), which the owner names once connected.

export interface AddFlags extends VaultPassFlags {
  cron?: string;
  tz?: string;
  every?: string;
  at?: string;
  on?: string;
  name?: string;
  prompt?: string;
  message?: string;
  budget?: string;
  tools?: string;
  missed?: string;
  filter?: string;
  kind?: string;
  maxPrice?: string;
  maxCount?: string;
  atLeast?: string;
  token?: string;
}

type Token = 'native' | `0x${string}`;
type AddScope = { tools: ToolName[]; budget: { token: Token; total: string } | null; expires: null };

export interface AddInput {
  name: string;
  trigger: Trigger;
  missed: MissedRule;
  settings: TaskSettings;
  scope: AddScope;
}

/** Stands for the market's payment token until the owner names it (`withToken`). */
const MARKET_TOKEN = '0x0000000000000000000000000000000000000000';

/** The input, and whether it names the market's token (then `withToken` fills it in). */
export function addInput(kind: string, f: AddFlags): { input: AddInput; needsToken: boolean } {
  const given = [f.cron, f.every, f.at, f.on].filter((x) => x !== undefined).length;
  if (given !== 1) throw new UsageError('Give exactly one of --cron, --every, --at or --on');
  if (f.tz !== undefined && f.cron === undefined) throw new UsageError('--tz goes with --cron');
  const missed = f.missed ?? 'run-once';
  if (missed !== 'run-once' && missed !== 'skip') throw new UsageError('--missed is run-once or skip');
  const { trigger, when } = triggerOf(f);
  let settings: TaskSettings;
  let budget = budgetOf(f.budget, 'native');
  if (kind === 'agent-prompt') {
    if (!f.prompt?.trim()) throw new UsageError('An agent-prompt task needs --prompt "<what to do>"');
    only(f, ['prompt', 'tools', 'budget'], 'agent-prompt');
    settings = { kind, prompt: f.prompt.trim() };
  } else if (kind === 'notify') {
    if (!f.message?.trim()) throw new UsageError('A notify task needs --message "<text>"');
    only(f, ['message', 'filter', 'maxPrice', 'atLeast', 'token'], 'notify');
    const threshold = trigger.type === 'event' && trigger.filter.kind === 'threshold' ? trigger.filter : null;
    settings = {
      kind,
      message: f.message.trim(),
      threshold: threshold
        ? { what: threshold.what, token: threshold.token, atLeast: threshold.atLeast }
        : null,
    };
  } else if (kind === 'market-watch') {
    only(f, ['filter', 'kind', 'maxPrice', 'maxCount', 'budget'], 'market-watch');
    if (trigger.type === 'event' && trigger.filter.kind !== 'listing') {
      throw new UsageError('A market-watch task runs on a schedule or --on listing');
    }
    if (f.maxCount === undefined || f.budget === undefined) {
      throw new UsageError('A market-watch task needs --max-count <n> and --budget <amount>');
    }
    const maxCount = Number(f.maxCount);
    if (!/^\d+$/.test(f.maxCount) || maxCount < 1 || maxCount > 100) {
      throw new UsageError('--max-count is a whole number from 1 to 100');
    }
    budget = budgetOf(f.budget, MARKET_TOKEN);
    settings = {
      kind,
      filter: listingFilter(f),
      ...(f.kind !== undefined ? { assetKind: assetKindOf(f.kind) } : {}),
      maxCount,
    };
  } else {
    throw new UsageError(`The kind is agent-prompt, notify or market-watch, not ${kind.slice(0, 40)}`);
  }
  const input: AddInput = {
    name: (f.name ?? `${kind} ${when}`).trim().slice(0, 200),
    trigger,
    missed,
    settings,
    scope: { tools: toolsOf(f.tools), budget, expires: null },
  };
  return { input, needsToken: JSON.stringify(input).includes(MARKET_TOKEN) };
}

/** The market's payment token as the owner's active network names it. */
export async function marketToken(client: SahelClient): Promise<`0x${string}`> {
  const net = await client.network.active({});
  if (!net.contracts) {
    throw new UsageError(`The network ${net.name} has no marketplace contracts: choose or deploy one first`);
  }
  return net.contracts.paymentToken.toLowerCase() as `0x${string}`;
}

/** The input with the market's token where `addInput` left its stand-in. */
export function withToken(input: AddInput, token: `0x${string}`): AddInput {
  return JSON.parse(JSON.stringify(input).replaceAll(MARKET_TOKEN, token)) as AddInput;
}

function triggerOf(f: AddFlags): { trigger: Trigger; when: string } {
  if (f.cron !== undefined) {
    const tz = f.tz ?? systemZone();
    return { trigger: { type: 'cron', expr: f.cron, tz }, when: `cron ${f.cron} (${tz})` };
  }
  if (f.every !== undefined) {
    return {
      trigger: { type: 'every', ms: usage(() => parseEvery(f.every as string)) },
      when: `every ${f.every}`,
    };
  }
  if (f.at !== undefined) {
    const at = Date.parse(f.at);
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(f.at) || Number.isNaN(at)) {
      throw new UsageError('--at takes an ISO 8601 time like 2026-12-24T08:00 (local) or 2026-12-24T07:00Z');
    }
    return { trigger: { type: 'at', at }, when: `at ${new Date(at).toISOString()}` };
  }
  const on = f.on as string;
  let filter: EventFilter;
  if (on === 'listing') filter = listingFilter(f);
  else if (on === 'purchase') filter = { kind: 'purchase' };
  else if (on === 'balance' || on === 'earnings') {
    if (f.atLeast === undefined) throw new UsageError(`--on ${on} needs --at-least <amount>`);
    const token = f.token === undefined ? MARKET_TOKEN : tokenOf(f.token);
    filter = { kind: 'threshold', what: on, token, atLeast: amount('--at-least', f.atLeast) };
  } else {
    throw new UsageError('--on takes listing, purchase, balance or earnings');
  }
  return { trigger: { type: 'event', filter }, when: `on ${on}` };
}

function listingFilter(f: AddFlags): Extract<EventFilter, { kind: 'listing' }> {
  const words = (f.filter ?? '').split(/\s+/).filter(Boolean);
  if (words.length > 10 || words.some((w) => w.length > 80)) {
    throw new UsageError('--filter takes at most 10 words of at most 80 characters');
  }
  return {
    kind: 'listing',
    words,
    token: MARKET_TOKEN,
    ...(f.maxPrice !== undefined ? { maxPrice: amount('--max-price', f.maxPrice) } : {}),
  };
}

const FLAG: Record<string, string> = {
  prompt: '--prompt',
  message: '--message',
  tools: '--tools',
  budget: '--budget',
  filter: '--filter',
  kind: '--kind',
  maxPrice: '--max-price',
  maxCount: '--max-count',
  atLeast: '--at-least',
  token: '--token',
};

/** A flag of another kind is a mistake worth saying, not something to ignore. */
function only(f: AddFlags, allowed: readonly string[], kind: string): void {
  for (const key of Object.keys(FLAG)) {
    if (f[key as keyof AddFlags] !== undefined && !allowed.includes(key)) {
      throw new UsageError(`${FLAG[key]} does not go with ${kind} tasks`);
    }
  }
}

function amount(flag: string, text: string): string {
  const r = parseAmount(text, 18);
  if (!r.ok) throw new UsageError(`${flag}: ${r.problem}`);
  return r.value.toString();
}

function budgetOf(text: string | undefined, token: Token): AddScope['budget'] {
  return text === undefined ? null : { token, total: amount('--budget', text) };
}

function tokenOf(text: string): Token {
  if (text === 'native') return 'native';
  if (/^0x[0-9a-fA-F]{40}$/.test(text)) return text.toLowerCase() as `0x${string}`;
  throw new UsageError('--token is native or a token address (0x and 40 hex digits)');
}

function assetKindOf(text: string): AssetKind {
  const r = AssetKind.safeParse(text);
  if (!r.success) throw new UsageError(`--kind is one of ${AssetKind.options.join(', ')}`);
  return r.data;
}

function toolsOf(text: string | undefined): ToolName[] {
  if (text === undefined) return [];
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return names.map((n) => {
    const r = ToolNameSchema.safeParse(n);
    if (!r.success) throw new UsageError(`${n.slice(0, 40)} is not a tool: see sahel agent tools`);
    return r.data;
  });
}

function usage<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}
