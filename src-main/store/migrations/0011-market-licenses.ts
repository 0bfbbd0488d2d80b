import type { Migration } from '../migration.js';

/**
 * The two sides of a sale, each in the data dir that takes part in it.
 *
 * `market_licenses` (the buyer): one row per licence bought, written when the purchase is confirmed,
 * with the licence's own X25519 secret sealed by the vault's record key (bound to the row id) — the
 * key the seller seals the asset's identity to. `state` is where delivery stands: `escrowed` (paid,
 * nothing delivered), `received` (the asset is in the vault: `item_id`), `failed` (a delivery that did
 * not verify: `reason` says why; the evidence stays under market/evidence), `refunded`.
 *
 * `market_deliveries` (the seller): one row per licence sold, written BEFORE the deliverKey transaction
 * (`pending`), then `sent` with its hash, `delivered` once mined, or `failed` with the reason when it
 * can never succeed. The primary key makes a second delivery of the same licence impossible.
 * Both sides read the chain's Purchased/KeyDelivered events from the event cache (migration 0005),
 * so what happened while this Sahel was offline is found when it comes back.
 */
export const m0011MarketLicenses: Migration = {
  version: 11,
  name: 'market-licenses',
  up(db) {
    db.exec(`
      CREATE TABLE market_licenses (
        id                TEXT PRIMARY KEY,
        chain_id          INTEGER NOT NULL,
        market            TEXT NOT NULL,
        license_id        TEXT CHECK (license_id IS NULL OR license_id GLOB '[1-9]*'),
        offer_id          TEXT NOT NULL,
        asset_id          TEXT NOT NULL,
        buyer             TEXT NOT NULL,
        seller            TEXT NOT NULL,
        token             TEXT NOT NULL,
        price             TEXT NOT NULL,
        pub_key           TEXT NOT NULL CHECK (length(pub_key) = 66),
        sealed_secret     BLOB NOT NULL,
        buy_tx            TEXT,
        delivery_deadline TEXT,
        expires_at        TEXT,
        state             TEXT NOT NULL CHECK (state IN ('buying', 'escrowed', 'received', 'failed', 'refunded')),
        reason            TEXT,
        item_id           TEXT,
        created_at        TEXT NOT NULL,
        updated_at        TEXT NOT NULL,
        UNIQUE (chain_id, market, license_id)
      ) STRICT;
      CREATE UNIQUE INDEX market_licenses_key ON market_licenses (pub_key);

      CREATE TABLE market_deliveries (
        chain_id    INTEGER NOT NULL,
        market      TEXT NOT NULL,
        license_id  TEXT NOT NULL CHECK (license_id GLOB '[1-9]*'),
        asset_id    TEXT NOT NULL,
        buyer       TEXT NOT NULL,
        state       TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'delivered', 'failed')),
        tx_hash     TEXT,
        reason      TEXT,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        PRIMARY KEY (chain_id, market, license_id)
      ) STRICT;
    `);
  },
};
