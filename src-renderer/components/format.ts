import type { MarketActivity } from '../../src-shared/domain/market-buy.js';

// How sizes, times and counts read across the app.

const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB'];

/** 1536 → "1.5 KB" (binary multiples, the way file managers mostly show them). */
export function formatBytes(n: number): string {
  if (n < 1024) return n === 1 ? '1 byte' : `${n} bytes`;
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1).replace(/\.0$/, '')} ${UNITS[unit]}`;
}

const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const DAY = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const DAY_YEAR = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
const FULL = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Short, for lists: a time today, a day this year, else a date with its year. */
export function formatWhen(iso: string, now = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  if (d.toDateString() === now.toDateString()) return TIME.format(d);
  if (d.getFullYear() === now.getFullYear()) return DAY.format(d);
  return DAY_YEAR.format(d);
}

export function formatFull(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : FULL.format(d);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Decimal units, as model pages on Hugging Face show file sizes: 4.92 GB. */
export function formatSize(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = n;
  let unit = -1;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(value >= 10 ? 1 : 2)} ${units[unit]}`;
}

export function formatSpeed(bytesPerSecond: number): string {
  return `${formatSize(Math.round(bytesPerSecond))}/s`;
}

/** Seconds left, rounded the way people say it: "40 s", "3 min", "1 h 10 min". */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '';
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s left`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min left`;
  const h = Math.floor(seconds / 3600);
  return `${h} h ${Math.round((seconds - h * 3600) / 60)} min left`;
}

/** Deliveries in flight, e.g. "1 purchase arriving · 2 sales to deliver"; null when there are none. */
export function deliveriesText(a: MarketActivity | null): string | null {
  if (!a || (a.incoming === 0 && a.outgoing === 0)) return null;
  const parts: string[] = [];
  if (a.incoming > 0) parts.push(`${a.incoming} ${a.incoming === 1 ? 'purchase' : 'purchases'} arriving`);
  if (a.outgoing > 0) parts.push(`${a.outgoing} ${a.outgoing === 1 ? 'sale' : 'sales'} to deliver`);
  return parts.join(' · ');
}
