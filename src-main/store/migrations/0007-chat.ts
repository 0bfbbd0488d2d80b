import type { Migration } from '../migration.js';

/** Reserved for the chat schema while it is being written; its owner fills in `up`. */
export const m0007Chat: Migration = {
  version: 7,
  name: 'chat',
  up() {},
};
