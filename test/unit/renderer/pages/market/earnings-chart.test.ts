import { describe, expect, it } from 'vitest';
import { stepPath } from '../../../../../src-renderer/pages/market/earnings-chart.js';

const E18 = 10n ** 18n;

describe('the earnings chart', () => {
  it('steps up at each credit, time along x and the running total up y, exact on 18-decimal amounts', () => {
    const points = [
      { at: '2026-12-01T00:00:00.000Z', credited: (1n * E18).toString() },
      { at: '2026-12-03T00:00:00.000Z', credited: (3n * E18).toString() },
      { at: '2026-12-05T00:00:00.000Z', credited: (4n * E18 + 1n).toString() },
    ];
    // 4 + 1e-18 is the top: 1 of it is a quarter of the height, 3 is three quarters.
    expect(stepPath(points, 100, 40)).toBe('M0 40 H0 V30 H50 V10 H100 V0 H100');
    expect(stepPath([points[0]!], 100, 40)).toBe('M0 40 H0 V0 H100');
    expect(stepPath([], 100, 40)).toBe('');
    expect(stepPath([{ at: '2026-12-01T00:00:00.000Z', credited: '0' }], 100, 40)).toBe('M0 40 H0 V40 H100');
  });
});
