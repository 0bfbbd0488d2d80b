import type { Db } from './database.js';

export type LicenseRowState = 'buying' | 'escrowed' | 'received' | 'failed' | 'refunded';

/** A licence this data dir bought (migration 0011). Ids and amounts on chain are decimal strings. */
export interface LicenseRow {
  id: string;
  chainId: number;
  market: string;
  licenseId: string | null;
  offerId: string;
  assetId: string;
  buyer: string;
  seller: string;
  token: string;
  price: string;
  /** The licence's X25519 public key, 0x and 64 hex digits (the buyerPubKey on chain). */
  pubKey: string;
  /** Its secret, sealed with the vault's record key bound to the row id. */
  sealedSecret: Buffer;
  buyTx: string | null;
  deliveryDeadline: string | null;
  expiresAt: string | null;
  state: LicenseRowState;
  reason: string | null;
  itemId: string | null;
  createdAt: string;
  updatedAt: string;
}

const LICENSE_COLUMNS = `id, chain_id AS chainId, market, license_id AS licenseId, offer_id AS offerId,
  asset_id AS assetId, buyer, seller, token, price, pub_key AS pubKey, sealed_secret AS sealedSecret,
  buy_tx AS buyTx, delivery_deadline AS deliveryDeadline, expires_at AS expiresAt, state, reason,
  item_id AS itemId, created_at AS createdAt, updated_at AS updatedAt`;

export type DeliveryRowState = 'pending' | 'sent' | 'delivered' | 'failed';

/** A licence this data dir sold, and its delivery (migration 0011). */
export interface DeliveryRow {
  chainId: number;
  market: string;
  licenseId: string;
  assetId: string;
  buyer: string;
  state: DeliveryRowState;
  txHash: string | null;
  reason: string | null;
  createdAt: string;
  updatedAt: string;
}

const DELIVERY_COLUMNS = `chain_id AS chainId, market, license_id AS licenseId, asset_id AS assetId, buyer,
  state, tx_hash AS txHash, reason, created_at AS createdAt, updated_at AS updatedAt`;

/** The buyer's licences and the seller's deliveries (see migration 0011). */
export class MarketTradesRepo {
  constructor(private readonly db: Db) {}

  insertLicense(row: LicenseRow): void {
    this.db
      .prepare(
        `INSERT INTO market_licenses (id, chain_id, market, license_id, offer_id, asset_id, buyer, seller,
          token, price, pub_key, sealed_secret, buy_tx, delivery_deadline, expires_at, state, reason,
          item_id, created_at, updated_at)
         VALUES (@id, @chainId, @market, @licenseId, @offerId, @assetId, @buyer, @seller, @token, @price,
          @pubKey, @sealedSecret, @buyTx, @deliveryDeadline, @expiresAt, @state, @reason, @itemId,
          @createdAt, @updatedAt)`,
      )
      .run(row);
  }

  license(id: string): LicenseRow | undefined {
    return this.db.prepare(`SELECT ${LICENSE_COLUMNS} FROM market_licenses WHERE id = ?`).get(id) as
      | LicenseRow
      | undefined;
  }

  licenseByChainId(chainId: number, market: string, licenseId: string): LicenseRow | undefined {
    return this.db
      .prepare(
        `SELECT ${LICENSE_COLUMNS} FROM market_licenses WHERE chain_id = ? AND market = ? AND license_id = ?`,
      )
      .get(chainId, market, licenseId) as LicenseRow | undefined;
  }

  licenseByPubKey(pubKey: string): LicenseRow | undefined {
    return this.db.prepare(`SELECT ${LICENSE_COLUMNS} FROM market_licenses WHERE pub_key = ?`).get(pubKey) as
      | LicenseRow
      | undefined;
  }

  /** The licence a vault item was received under, on any network (a bought item keeps its terms). */
  licenseByItem(itemId: string): LicenseRow | undefined {
    return this.db
      .prepare(`SELECT ${LICENSE_COLUMNS} FROM market_licenses WHERE item_id = ? AND state = 'received'`)
      .get(itemId) as LicenseRow | undefined;
  }

  /** The earliest expiry after `after` (ISO) among licences received here, on any network; null if none. */
  nextExpiry(after: string): string | null {
    const row = this.db
      .prepare(
        `SELECT min(expires_at) AS at FROM market_licenses
         WHERE state = 'received' AND item_id IS NOT NULL AND expires_at > ?`,
      )
      .get(after) as { at: string | null };
    return row.at;
  }

  /** Licences received into a vault item, on any network, that carry no reason (nothing refused them). */
  receivedItems(): LicenseRow[] {
    return this.db
      .prepare(
        `SELECT ${LICENSE_COLUMNS} FROM market_licenses
         WHERE state = 'received' AND item_id IS NOT NULL AND reason IS NULL`,
      )
      .all() as LicenseRow[];
  }

  /** Vault items received under licences that end (not perpetual), with their expiry as stored. */
  timedItems(): { itemId: string; expiresAt: string }[] {
    return this.db
      .prepare(
        `SELECT item_id AS itemId, expires_at AS expiresAt FROM market_licenses
         WHERE state = 'received' AND item_id IS NOT NULL AND expires_at IS NOT NULL`,
      )
      .all() as { itemId: string; expiresAt: string }[];
  }

  licenses(chainId: number, market: string): LicenseRow[] {
    return this.db
      .prepare(
        `SELECT ${LICENSE_COLUMNS} FROM market_licenses WHERE chain_id = ? AND market = ? ORDER BY created_at DESC`,
      )
      .all(chainId, market) as LicenseRow[];
  }

  /** Whether a licence bought here still awaits its key (the background work must run). */
  hasOpenLicences(): boolean {
    return (
      this.db.prepare(`SELECT 1 FROM market_licenses WHERE state IN ('buying', 'escrowed') LIMIT 1`).get() !==
      undefined
    );
  }

  /** The buy was mined: the licence's id and terms as the chain recorded them. */
  markBought(
    id: string,
    p: { licenseId: string; buyTx: string; deliveryDeadline: string; expiresAt: string | null; now: string },
  ): void {
    this.db
      .prepare(
        `UPDATE market_licenses SET license_id = ?, buy_tx = ?, delivery_deadline = ?, expires_at = ?,
          state = 'escrowed', updated_at = ? WHERE id = ? AND state = 'buying'`,
      )
      .run(p.licenseId, p.buyTx, p.deliveryDeadline, p.expiresAt, p.now, id);
  }

  /** Why an escrowed licence's delivered key is not imported yet; the state is left as it is. */
  setPostponed(id: string, reason: string, now: string): void {
    this.db
      .prepare(`UPDATE market_licenses SET reason = ?, updated_at = ? WHERE id = ? AND state = 'escrowed'`)
      .run(reason, now, id);
  }

  setLicenseState(
    id: string,
    state: LicenseRowState,
    p: { reason?: string | null; itemId?: string | null; now: string },
  ): void {
    this.db
      .prepare(
        'UPDATE market_licenses SET state = ?, reason = ?, item_id = coalesce(?, item_id), updated_at = ? WHERE id = ?',
      )
      .run(state, p.reason ?? null, p.itemId ?? null, p.now, id);
  }

  /** A buy that never reached the chain: its key is forgotten with it. */
  removeLicense(id: string): void {
    this.db.prepare(`DELETE FROM market_licenses WHERE id = ? AND state = 'buying'`).run(id);
  }

  /** Claims a licence for delivery: false when a row exists already (delivered, in flight or failed). */
  claimDelivery(row: Omit<DeliveryRow, 'txHash' | 'reason' | 'updatedAt'>): boolean {
    const r = this.db
      .prepare(
        `INSERT OR IGNORE INTO market_deliveries (chain_id, market, license_id, asset_id, buyer, state,
          created_at, updated_at) VALUES (@chainId, @market, @licenseId, @assetId, @buyer, @state,
          @createdAt, @createdAt)`,
      )
      .run(row);
    return r.changes === 1;
  }

  delivery(chainId: number, market: string, licenseId: string): DeliveryRow | undefined {
    return this.db
      .prepare(
        `SELECT ${DELIVERY_COLUMNS} FROM market_deliveries WHERE chain_id = ? AND market = ? AND license_id = ?`,
      )
      .get(chainId, market, licenseId) as DeliveryRow | undefined;
  }

  deliveries(chainId: number, market: string): DeliveryRow[] {
    return this.db
      .prepare(
        `SELECT ${DELIVERY_COLUMNS} FROM market_deliveries WHERE chain_id = ? AND market = ?
         ORDER BY CAST(license_id AS INTEGER) DESC`,
      )
      .all(chainId, market) as DeliveryRow[];
  }

  setDelivery(
    chainId: number,
    market: string,
    licenseId: string,
    state: DeliveryRowState,
    p: { txHash?: string | null; reason?: string | null; now: string },
  ): void {
    this.db
      .prepare(
        `UPDATE market_deliveries SET state = ?, tx_hash = coalesce(?, tx_hash), reason = ?, updated_at = ?
         WHERE chain_id = ? AND market = ? AND license_id = ?`,
      )
      .run(state, p.txHash ?? null, p.reason ?? null, p.now, chainId, market, licenseId);
  }

  /**
   * What is in flight on one market (licences awaiting their asset, sales awaiting delivery), and a
   * stamp that changes whenever any of its rows does (to tell a change without comparing the lists).
   */
  activity(chainId: number, market: string): { incoming: number; outgoing: number; stamp: string } {
    type Tally = { open: number | null; n: number; last: string | null };
    const tally = (table: string, open: string) =>
      this.db
        .prepare(
          `SELECT sum(state IN (${open})) AS open, count(*) AS n, max(updated_at) AS last FROM ${table}
           WHERE chain_id = ? AND market = ?`,
        )
        .get(chainId, market) as Tally;
    const l = tally('market_licenses', "'buying', 'escrowed'");
    const d = tally('market_deliveries', "'pending', 'sent'");
    const incoming = l.open ?? 0;
    const outgoing = d.open ?? 0;
    return { incoming, outgoing, stamp: `${incoming}/${outgoing}/${l.n}/${l.last}/${d.n}/${d.last}` };
  }
}
