import type { Migration } from '../migration.js';

/**
 * Reserved for the market's read side (h/mread), whose 0011 replaces this file at the merge. Empty
 * here so that 0012 keeps its number: migrations must be numbered without gaps.
 */
export const m0011Reserved: Migration = {
  version: 11,
  name: 'reserved-market-read',
  up() {},
};
