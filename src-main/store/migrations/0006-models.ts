import type { Migration } from '../migration.js';

/** Reserved for the models schema while it is being written; its owner fills in `up`. */
export const m0006Models: Migration = {
  version: 6,
  name: 'models',
  up() {},
};
