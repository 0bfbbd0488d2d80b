import type { Migration } from '../migration.js';

/** Reserved for the chain-txs schema while it is being written; its owner fills in `up`. */
export const m0005ChainTxs: Migration = {
  version: 5,
  name: 'chain-txs',
  up() {},
};
