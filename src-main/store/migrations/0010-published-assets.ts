import type { Migration } from '../migration.js';

/**
 * What this Sahel published on the marketplace, one row per published version of a vault item: the
 * chain's ids once known, the ciphertext it hosts, and the asset's age identity sealed with the
 * vault's record key (bound to the row id), so delivery works after restarts. `state` follows the
 * publish flow: `prepared` (ciphertext written, nothing on chain), `registered` (the asset exists,
 * not offered yet: planning the same item again offers it), `offered` (done). A content hash is
 * published once per network: the registry refuses it twice.
 */
export const m0010PublishedAssets: Migration = {
  version: 10,
  name: 'published-assets',
  up(db) {
    db.exec(`
      CREATE TABLE published_assets (
        id                TEXT PRIMARY KEY,
        chain_id          INTEGER NOT NULL,
        vault_item_id     TEXT NOT NULL,
        content_hash      TEXT NOT NULL CHECK (content_hash GLOB '0x[0-9a-f]*' AND length(content_hash) = 66),
        ciphertext_hash   TEXT NOT NULL CHECK (ciphertext_hash GLOB '[0-9a-f]*' AND length(ciphertext_hash) = 64),
        ciphertext_size   INTEGER NOT NULL CHECK (ciphertext_size > 0),
        sealed_identity   BLOB NOT NULL,
        metadata          TEXT NOT NULL CHECK (json_valid(metadata)),
        state             TEXT NOT NULL CHECK (state IN ('prepared', 'registered', 'offered')),
        asset_id          TEXT CHECK (asset_id IS NULL OR asset_id GLOB '[1-9]*'),
        offer_id          TEXT CHECK (offer_id IS NULL OR offer_id GLOB '[1-9]*'),
        register_tx       TEXT,
        offer_tx          TEXT,
        created_at        TEXT NOT NULL,
        updated_at        TEXT NOT NULL,
        UNIQUE (chain_id, content_hash),
        CHECK (state = 'prepared' OR asset_id IS NOT NULL),
        CHECK (state <> 'offered' OR offer_id IS NOT NULL)
      ) STRICT;
      CREATE INDEX published_assets_ciphertext ON published_assets (ciphertext_hash);
      CREATE UNIQUE INDEX published_assets_asset ON published_assets (chain_id, asset_id) WHERE asset_id IS NOT NULL;
    `);
  },
};
