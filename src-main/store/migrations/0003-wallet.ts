import type { Migration } from '../migration.js';

/** Reserved for the wallet schema while it is being written; its owner fills in `up`. */
export const m0003Wallet: Migration = {
  version: 3,
  name: 'wallet',
  up() {},
};
