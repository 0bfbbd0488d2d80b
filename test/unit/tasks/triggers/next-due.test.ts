import { describe, expect, it } from 'vitest';
import { nextDue } from '../../../../src-main/tasks/triggers/next-due.js';

const T = Date.parse('2026-06-01T08:00:00Z');

describe('the next slot of each trigger kind', () => {
  it('cron, interval, once and event', () => {
    expect(nextDue({ type: 'cron', expr: '0 9 * * *', tz: 'UTC' }, T, T)).toBe(T + 3_600_000);
    expect(nextDue({ type: 'every', ms: 600_000 }, T + 1, T)).toBe(T + 600_000);
    expect(nextDue({ type: 'at', at: T + 5 }, T, T)).toBe(T + 5);
    // A one-off whose moment has come has no next slot.
    expect(nextDue({ type: 'at', at: T + 5 }, T + 5, T)).toBeNull();
    // Events, not time, queue an event trigger's runs.
    expect(nextDue({ type: 'event', filter: { kind: 'purchase' } }, T, T)).toBeNull();
  });
});
