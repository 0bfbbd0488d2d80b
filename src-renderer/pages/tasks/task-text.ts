import { formatUnits } from '../../../src-shared/domain/amount.js';
import type { RunStatus, TaskInfo, TaskRunInfo, Trigger } from '../../../src-shared/domain/tasks.js';
import { printable as shown } from '../../../src-shared/untrusted-text.js';

// How the Tasks page words a task: its trigger, its budget and what its runs spent. Pure, so tested alone.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** 900000 → "15 min", 5400000 → "1 h 30 min", 86400000 → "1 day". */
export function durationText(ms: number): string {
  const days = Math.floor(ms / DAY);
  const hours = Math.floor((ms % DAY) / HOUR);
  const minutes = Math.floor((ms % HOUR) / MINUTE);
  const parts = [
    days ? `${days} ${days === 1 ? 'day' : 'days'}` : '',
    hours ? `${hours} h` : '',
    minutes ? `${minutes} min` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(' ') : `${Math.round(ms / 1000)} s`;
}

/** A time in the reader's own zone, with its date: "7 Dec 2026, 08:00". */
export function whenText(ms: number, zone?: string): string {
  return new Intl.DateTimeFormat(undefined, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: zone,
  }).format(new Date(ms));
}

/** When a task runs, in words: "cron 0 8 * * * (Europe/Berlin)", "every 15 min", "once at …". */
export function triggerText(t: Trigger, zone?: string): string {
  switch (t.type) {
    case 'cron':
      return `cron ${shown(t.expr)} (${shown(t.tz)})`;
    case 'every':
      return `every ${durationText(t.ms)}`;
    case 'at':
      return `once at ${whenText(t.at, zone)}`;
    case 'event':
      return t.filter.kind === 'listing'
        ? `on a new listing matching “${t.filter.words.map(shown).join(' ')}”`
        : t.filter.kind === 'purchase'
          ? 'when someone buys one of my assets'
          : `when my ${t.filter.what} reaches ${formatUnits(t.filter.atLeast, 18)}`;
  }
}

/** How much of the budget's token the runs shown spent, in base units (addresses in any case). */
export function spentOf(runs: readonly TaskRunInfo[], token: string): bigint {
  let total = 0n;
  for (const r of runs) {
    for (const [key, v] of Object.entries(r.spent))
      if (key.toLowerCase() === token.toLowerCase() && /^[0-9]+$/.test(v)) total += BigInt(v);
  }
  return total;
}

/** The native coin shows in decimals (18); an ERC-20's base units are named as such, with its address. */
function amountText(base: bigint, token: string): string {
  return token === 'native' ? `${formatUnits(base, 18)} (native coin)` : `${base} base units of ${token}`;
}

/** How many runs `tasks.show` returns: with that many, older runs may have spent more. */
export const SHOWN_RUNS = 20;

/**
 * "0.5 of 2 (native coin) spent"; without a budget of its own only the policy's limits bound it; with
 * the runs unknown (sealed), the budget alone.
 */
export function budgetText(task: Pick<TaskInfo, 'scope'>, runs: readonly TaskRunInfo[] | null): string {
  const b = task.scope.budget;
  if (!b) return "no budget of its own (the agent policy's limits apply)";
  if (runs === null) return `budget ${amountText(BigInt(b.total), b.token)}`;
  const spent = formatUnits(spentOf(runs, b.token), b.token === 'native' ? 18 : 0);
  const atLeast = runs.length >= SHOWN_RUNS ? 'at least ' : '';
  return `${atLeast}${spent} of ${amountText(BigInt(b.total), b.token)} spent`;
}

const STATUS_WORDS: Record<RunStatus, string> = {
  queued: 'queued',
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  'cut-short': 'cut short',
  skipped: 'skipped',
  'timed-out': 'timed out',
  'waiting-approval': 'waiting for your approval',
  rejected: 'rejected by you',
  expired: 'approval expired',
};

export function statusText(s: RunStatus): string {
  return STATUS_WORDS[s];
}

/** Whether a run has ended, for the inbox of results. */
export function finished(s: RunStatus): boolean {
  return s !== 'queued' && s !== 'running';
}

/**
 * What the tokens and spend of a run read as: "120 tokens, spent 0.5 (native coin)". The agent's loop
 * does not report its tokens yet (runs record 0), so 0 reads as not counted rather than as a figure.
 */
export function runCostText(r: Pick<TaskRunInfo, 'tokens' | 'spent'>): string {
  const spent = Object.entries(r.spent)
    .filter(([, v]) => /^[0-9]+$/.test(v) && v !== '0')
    .map(([token, v]) => amountText(BigInt(v), token));
  const tokens = r.tokens > 0 ? `${r.tokens} tokens` : 'tokens not counted';
  return `${tokens}${spent.length ? `, spent ${spent.join(', ')}` : ', nothing spent'}`;
}

/** "2026-12-24T08:00" read in the browser's zone → ms; null when it is no time. */
export function localTimeMs(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? null : ms;
}
