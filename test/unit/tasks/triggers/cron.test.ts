import { describe, expect, it } from 'vitest';
import { checkCron, checkZone, cronNext } from '../../../../src-main/tasks/triggers/cron.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The next `n` slots after `from`. */
function slots(expr: string, tz: string, from: string, n: number): (string | null)[] {
  const out: (string | null)[] = [];
  let t = at(from);
  for (let i = 0; i < n; i++) {
    const next = cronNext(expr, tz, t);
    out.push(iso(next));
    if (next === null) break;
    t = next;
  }
  return out;
}

describe('cron triggers in the user’s time zone', () => {
  it('reads the expression in the zone given, strictly after the moment', () => {
    expect(slots('0 8 * * *', 'Europe/Berlin', '2026-06-01T05:00:00Z', 2)).toEqual([
      '2026-06-01T06:00:00.000Z',
      '2026-06-02T06:00:00.000Z',
    ]);
    expect(slots('0 8 * * *', 'America/New_York', '2026-06-01T05:00:00Z', 1)).toEqual([
      '2026-06-01T12:00:00.000Z',
    ]);
    expect(slots('0 8 * * *', 'Asia/Kolkata', '2026-06-01T05:00:00Z', 1)).toEqual([
      '2026-06-02T02:30:00.000Z',
    ]);
    // Exactly at a slot: the next one, not the same.
    expect(iso(cronNext('0 8 * * *', 'UTC', at('2026-06-01T08:00:00Z')))).toBe('2026-06-02T08:00:00.000Z');
    // Weekdays only: Friday → Monday.
    expect(slots('30 9 * * 1-5', 'UTC', '2026-06-05T10:00:00Z', 1)).toEqual(['2026-06-08T09:30:00.000Z']);
  });

  it('a 02:30 job on the spring-forward night (Europe/Berlin, 2026-03-29) runs once, at 03:00 local', () => {
    expect(slots('30 2 * * *', 'Europe/Berlin', '2026-03-27T12:00:00Z', 4)).toEqual([
      '2026-03-28T01:30:00.000Z', // 02:30 CET
      '2026-03-29T01:00:00.000Z', // 02:30 does not exist: 03:00 CEST, the first moment after the gap
      '2026-03-30T00:30:00.000Z', // 02:30 CEST
      '2026-03-31T00:30:00.000Z',
    ]);
  });

  it('a 02:30 job in the repeated autumn hour (Europe/Berlin, 2026-10-25) runs once, not twice', () => {
    expect(slots('30 2 * * *', 'Europe/Berlin', '2026-10-23T12:00:00Z', 4)).toEqual([
      '2026-10-24T00:30:00.000Z', // 02:30 CEST
      '2026-10-25T00:30:00.000Z', // the first 02:30 (CEST); the second (01:30Z, CET) is not a slot
      '2026-10-26T01:30:00.000Z', // 02:30 CET
      '2026-10-27T01:30:00.000Z',
    ]);
  });

  it('an hourly job keeps an hour between runs through both changes', () => {
    const spring = slots('0 * * * *', 'Europe/Berlin', '2026-03-28T23:30:00Z', 4);
    const autumn = slots('0 * * * *', 'Europe/Berlin', '2026-10-24T23:30:00Z', 4);
    for (const list of [spring, autumn]) {
      const ms = list.map((s) => at(s as string));
      expect(ms.slice(1).map((t, i) => t - (ms[i] as number))).toEqual([3_600_000, 3_600_000, 3_600_000]);
    }
  });

  it('refuses a bad expression or zone with a sentence that says what to write', () => {
    expect(() => cronNext('every morning', 'UTC', 0)).toThrow(
      expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringContaining('not valid') }),
    );
    expect(() => cronNext('0 8 * * *', 'Mars/Olympus', 0)).toThrow(
      expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringContaining('Europe/Berlin') }),
    );
    expect(() => checkZone('Europe/Berlin')).not.toThrow();
    // 30 February never comes.
    expect(() => checkCron('0 0 30 2 *', 'UTC', at('2026-01-01T00:00:00Z'))).toThrow(
      expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringContaining('never matches') }),
    );
  });
});
