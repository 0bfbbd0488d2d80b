import type { Migration } from '../migration.js';

/**
 * `devnet`: the network was added from a network file of kind devnet (another data dir's devnet),
 * so its faucet may top the wallet up. A claim of an untrusted file, kept only for chain id 31337.
 */
export const m0012JoinedDevnet: Migration = {
  version: 12,
  name: 'joined devnet',
  up(db) {
    db.exec(`
      ALTER TABLE networks ADD COLUMN devnet INTEGER NOT NULL DEFAULT 0
        CHECK (devnet = 0 OR (devnet = 1 AND chain_id = 31337));
    `);
  },
};
