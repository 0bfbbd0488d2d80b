import type { Migration } from '../migration.js';

/** Reserved for the networks schema while it is being written; its owner fills in `up`. */
export const m0004Networks: Migration = {
  version: 4,
  name: 'networks',
  up() {},
};
