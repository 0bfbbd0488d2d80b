import type { Db } from './database.js';

export type PublishState = 'prepared' | 'registered' | 'offered';

/** One published version of a vault item (migration 0010). Ids on chain are decimal strings. */
export interface PublishedRow {
  id: string;
  chainId: number;
  vaultItemId: string;
  /** The plaintext's sha256, 0x-prefixed: the asset's contentHash on chain. */
  contentHash: string;
  /** The age file's sha256, bare hex: its name in the blob folder and in `GET /market/blobs/…`. */
  ciphertextHash: string;
  ciphertextSize: number;
  /** The asset's age identity, sealed with the vault's record key bound to the row id. */
  sealedIdentity: Buffer;
  /** The metadata v1 document put on chain, as JSON. */
  metadata: string;
  state: PublishState;
  assetId: string | null;
  offerId: string | null;
  registerTx: string | null;
  offerTx: string | null;
  createdAt: string;
  updatedAt: string;
}

const COLUMNS = `id, chain_id AS chainId, vault_item_id AS vaultItemId, content_hash AS contentHash,
  ciphertext_hash AS ciphertextHash, ciphertext_size AS ciphertextSize, sealed_identity AS sealedIdentity,
  metadata, state, asset_id AS assetId, offer_id AS offerId, register_tx AS registerTx, offer_tx AS offerTx,
  created_at AS createdAt, updated_at AS updatedAt`;

/** The seller's side of the marketplace: what this data dir published and the keys to deliver it. */
export class PublishedAssetsRepo {
  constructor(private readonly db: Db) {}

  insert(row: PublishedRow): void {
    this.db
      .prepare(
        `INSERT INTO published_assets (id, chain_id, vault_item_id, content_hash, ciphertext_hash,
          ciphertext_size, sealed_identity, metadata, state, asset_id, offer_id, register_tx, offer_tx,
          created_at, updated_at)
         VALUES (@id, @chainId, @vaultItemId, @contentHash, @ciphertextHash, @ciphertextSize,
          @sealedIdentity, @metadata, @state, @assetId, @offerId, @registerTx, @offerTx, @createdAt, @updatedAt)`,
      )
      .run(row);
  }

  get(id: string): PublishedRow | undefined {
    return this.db.prepare(`SELECT ${COLUMNS} FROM published_assets WHERE id = ?`).get(id) as
      | PublishedRow
      | undefined;
  }

  byContentHash(chainId: number, contentHash: string): PublishedRow | undefined {
    return this.db
      .prepare(`SELECT ${COLUMNS} FROM published_assets WHERE chain_id = ? AND content_hash = ?`)
      .get(chainId, contentHash) as PublishedRow | undefined;
  }

  byAssetId(chainId: number, assetId: string): PublishedRow | undefined {
    return this.db
      .prepare(`SELECT ${COLUMNS} FROM published_assets WHERE chain_id = ? AND asset_id = ?`)
      .get(chainId, assetId) as PublishedRow | undefined;
  }

  /** Whether a ciphertext is one this Sahel published (registered or offered): only those are served. */
  isServed(ciphertextHash: string): boolean {
    return (
      this.db
        .prepare(`SELECT 1 FROM published_assets WHERE ciphertext_hash = ? AND state <> 'prepared' LIMIT 1`)
        .get(ciphertextHash) !== undefined
    );
  }

  /** Whether anything is published at all (the blob listener runs only then). */
  anyServed(): boolean {
    return (
      this.db.prepare(`SELECT 1 FROM published_assets WHERE state <> 'prepared' LIMIT 1`).get() !== undefined
    );
  }

  list(chainId: number): PublishedRow[] {
    return this.db
      .prepare(`SELECT ${COLUMNS} FROM published_assets WHERE chain_id = ? ORDER BY created_at DESC, id`)
      .all(chainId) as PublishedRow[];
  }

  markRegistered(id: string, assetId: string, registerTx: string | null, at: string): void {
    this.db
      .prepare(
        `UPDATE published_assets SET state = 'registered', asset_id = ?, register_tx = ?, updated_at = ?
         WHERE id = ? AND state = 'prepared'`,
      )
      .run(assetId, registerTx, at, id);
  }

  markOffered(id: string, offerId: string, offerTx: string, at: string): void {
    this.db
      .prepare(
        `UPDATE published_assets SET state = 'offered', offer_id = ?, offer_tx = ?, updated_at = ?
         WHERE id = ? AND state = 'registered'`,
      )
      .run(offerId, offerTx, at, id);
  }

  /** A version not on chain yet gets the metadata of a new plan (same identity and ciphertext). */
  updatePreparedMetadata(id: string, metadata: string, at: string): void {
    this.db
      .prepare(`UPDATE published_assets SET metadata = ?, updated_at = ? WHERE id = ? AND state = 'prepared'`)
      .run(metadata, at, id);
  }

  /** A version nothing on chain refers to is dropped (its plan failed before register). */
  removePrepared(id: string): void {
    this.db.prepare(`DELETE FROM published_assets WHERE id = ? AND state = 'prepared'`).run(id);
  }
}
