import { describe, expect, it } from 'vitest';
import { type ChainEvent, matchesEvent } from '../../../../src-main/tasks/triggers/events.js';

const TOKEN = '0x00000000000000000000000000000000000000aa';
const listing = (title: string, price: string, tags: string[] = [], token = TOKEN): ChainEvent => ({
  kind: 'listing',
  at: 1,
  assetId: 'a1',
  title,
  tags,
  price,
  token,
});

describe('on-chain event filters', () => {
  it('a listing matches when every word is in its title or tags, at or under the price, in the token', () => {
    const f = { kind: 'listing' as const, words: ['medical', 'imaging'], maxPrice: '20', token: TOKEN };
    expect(matchesEvent(f, listing('Medical-imaging scans, 2024', '20'))).toBe(true);
    expect(matchesEvent(f, listing('Scans', '5', ['MEDICAL', 'imaging']))).toBe(true);
    expect(matchesEvent(f, listing('Medical scans', '5'))).toBe(false);
    expect(matchesEvent(f, listing('Medical imaging', '21'))).toBe(false);
    expect(matchesEvent(f, listing('Medical imaging', '5', [], `0x${'b'.repeat(40)}`))).toBe(false);
    expect(matchesEvent(f, { kind: 'purchase', at: 1, assetId: 'a1', price: '1', token: TOKEN })).toBe(false);
    expect(matchesEvent({ kind: 'listing', words: [] }, listing('anything', '999999'))).toBe(true);
  });

  it('a purchase matches any of my assets, or the one named', () => {
    const e: ChainEvent = { kind: 'purchase', at: 1, assetId: 'a7', price: '3', token: 'native' };
    expect(matchesEvent({ kind: 'purchase' }, e)).toBe(true);
    expect(matchesEvent({ kind: 'purchase', assetId: 'a7' }, e)).toBe(true);
    expect(matchesEvent({ kind: 'purchase', assetId: 'a8' }, e)).toBe(false);
  });

  it('a threshold matches as it is crossed upwards, once, not on every reading above it', () => {
    const f = {
      kind: 'threshold' as const,
      what: 'earnings' as const,
      token: 'native' as const,
      atLeast: '100',
    };
    const reading = (
      amount: string,
      previous: string | null,
      what: 'balance' | 'earnings' = 'earnings',
    ): ChainEvent => ({
      kind: 'amount',
      at: 1,
      what,
      token: 'native',
      amount,
      previous,
    });
    expect(matchesEvent(f, reading('100', '99'))).toBe(true);
    expect(matchesEvent(f, reading('150', null))).toBe(true);
    expect(matchesEvent(f, reading('150', '120'))).toBe(false);
    expect(matchesEvent(f, reading('99', '50'))).toBe(false);
    expect(matchesEvent(f, reading('100', '99', 'balance'))).toBe(false);
  });
});
