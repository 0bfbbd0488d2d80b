import { describe, expect, it } from 'vitest';
import { everyNext, parseEvery } from '../../../../src-main/tasks/triggers/every.js';

describe('interval triggers', () => {
  it('parses minutes, hours, days and sums of them', () => {
    expect(parseEvery('15m')).toBe(15 * 60_000);
    expect(parseEvery('2h')).toBe(2 * 3_600_000);
    expect(parseEvery(' 1D ')).toBe(86_400_000);
    expect(parseEvery('1h30m')).toBe(90 * 60_000);
  });

  it('refuses what is not a duration, or out of range, saying how to write one', () => {
    for (const bad of ['', '15', 'm', '15s', '-5m', '1.5h', '15 m', 'soon']) {
      expect(() => parseEvery(bad), bad).toThrow(
        expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringContaining('15m') }),
      );
    }
    expect(() => parseEvery('0m')).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(() => parseEvery('367d')).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
  });

  it('keeps slots on the grid from the anchor, however late the last one ran', () => {
    const m = 15 * 60_000;
    expect(everyNext(m, 1_000, 1_000)).toBe(1_000 + m);
    expect(everyNext(m, 1_000, 1_000 + m - 1)).toBe(1_000 + m);
    expect(everyNext(m, 1_000, 1_000 + m)).toBe(1_000 + 2 * m);
    // Three and a bit intervals late: the next slot on the grid, not "now + interval".
    expect(everyNext(m, 1_000, 1_000 + 3 * m + 7)).toBe(1_000 + 4 * m);
    expect(everyNext(m, 1_000, 0)).toBe(1_000 + m);
  });
});
