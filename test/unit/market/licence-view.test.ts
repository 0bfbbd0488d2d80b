import { describe, expect, it } from 'vitest';
import { licenceView } from '../../../src-main/market/buy/licence-view.js';
import { licenceRow } from '../../support/market-rows.js';

const DEADLINE = '2026-12-07T12:00:00.000Z';
const AFTER = Date.parse(DEADLINE) + 1_000;
const row = (over: Parameters<typeof licenceRow>[0]) =>
  licenceRow({ licenseId: '3', buyTx: '0x1', deliveryDeadline: DEADLINE, state: 'escrowed', ...over });

describe('whether a bought licence is refundable (the contract refunds only an undelivered key)', () => {
  it('escrowed past the deadline with no delivery seen: refundable; before it: not', () => {
    expect(licenceView(row({}), AFTER, DEADLINE).refundable).toBe(true);
    expect(licenceView(row({}), Date.parse(DEADLINE), DEADLINE).refundable).toBe(false);
  });

  it('a key delivered is never refundable: failed on import, import put off, or seen on chain', () => {
    const failed = row({ state: 'failed', reason: 'delivery failed: the ciphertext does not match' });
    expect(licenceView(failed, AFTER, DEADLINE)).toMatchObject({
      state: 'failed',
      reason: 'delivery failed: the ciphertext does not match',
      refundable: false,
    });
    const postponed = row({ reason: 'delivered, not imported yet: the vault is locked' });
    expect(licenceView(postponed, AFTER, DEADLINE).refundable).toBe(false);
    expect(licenceView(row({}), AFTER, DEADLINE, true).refundable).toBe(false);
  });
});
