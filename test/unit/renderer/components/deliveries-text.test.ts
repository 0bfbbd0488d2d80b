import { describe, expect, it } from 'vitest';
import { deliveriesText } from '../../../../src-renderer/components/format.js';

describe('the status bar’s deliveries', () => {
  it('says what is in flight, in words, and nothing when nothing is', () => {
    expect(deliveriesText(null)).toBeNull();
    expect(deliveriesText({ incoming: 0, outgoing: 0 })).toBeNull();
    expect(deliveriesText({ incoming: 1, outgoing: 0 })).toBe('1 purchase arriving');
    expect(deliveriesText({ incoming: 0, outgoing: 1 })).toBe('1 sale to deliver');
    expect(deliveriesText({ incoming: 3, outgoing: 2 })).toBe('3 purchases arriving · 2 sales to deliver');
  });
});
