import { describe, expect, it } from 'vitest';
import { bpsPairs } from '../../../../../src-renderer/pages/market/bps-lines.js';

describe("bpsPairs (the publish form's contributor and parent lines)", () => {
  it('reads one key:bps a line, splitting at the last colon and skipping blank lines', () => {
    expect(bpsPairs(' 0xabc:6000 \n\n0xdef : 4000\n')).toEqual([
      ['0xabc', 6000],
      ['0xdef', 4000],
    ]);
    expect(bpsPairs('http://x:8/y:250')).toEqual([['http://x:8/y', 250]]);
  });

  it('gives a line without bps a non-integer share, which the form refuses before asking the owner', () => {
    const [[, missing]] = bpsPairs('0xabc') as [[string, number]];
    const [[, words]] = bpsPairs('0xabc:half') as [[string, number]];
    expect(Number.isInteger(missing)).toBe(false);
    expect(Number.isInteger(words)).toBe(false);
    expect(bpsPairs('')).toEqual([]);
  });
});
