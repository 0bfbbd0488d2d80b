import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { type Address, getAddress, type Hex, type PublicClient } from 'viem';
import type { AssetMetadata, ContentLocation } from '../../../src-shared/domain/asset-metadata.js';
import type { PublishedAsset, PublishRequest } from '../../../src-shared/domain/market-publish.js';
import type { VaultItem } from '../../../src-shared/domain/vault.js';
import { SahelError } from '../../../src-shared/errors.js';
import type { ActiveNetwork } from '../../chain/index.js';
import type { PublishedAssetsRepo, PublishedRow } from '../../store/index.js';
import type { AssetKeys } from './asset-keys.js';
import { chainRecord } from './chain-record.js';
import { writeCiphertext } from './ciphertext.js';
import { buildMetadata } from './metadata.js';

/** The vault's item side that publishing reads (VaultItems; LOCKED while the vault is locked). */
export interface PublishableItems {
  get(id: string): VaultItem;
  list(parentId: string | null): VaultItem[];
  openPlaintext(id: string): Promise<{ stream: Readable }>;
}

export interface VersionsOptions {
  repo: PublishedAssetsRepo;
  keys: AssetKeys;
  items: () => PublishableItems;
  signers: { addresses(): Address[] };
  blobsDir: string;
  now: () => number;
}

/** The locations of a version's ciphertext, named once the file at `ciphertextPath` is written. */
export type Locate = (ciphertextPath: string) => Promise<ContentLocation[]>;

/** The CAR of a ciphertext's IPFS DAG: beside it, `<sha256>.car` (the blob listener serves bare hashes only). */
export const carFileOf = (ciphertextPath: string): string => `${ciphertextPath}.car`;

/** What a version publishes: an item's bytes, or a folder's files packed as one tar (folder-pack.ts). */
export interface Content {
  sha256: Hex;
  size: number;
  /** The media type and file name buyers are told (metadata `content`). */
  format: string;
  name: string;
  /** The plaintext again, for encryption (read twice: hashed for the plan, then encrypted). */
  open(): Promise<Readable>;
}

/**
 * The published versions of vault items: their rows (migration 0010) and their ciphertexts in the
 * blob folder, kept in step with what the chain says.
 */
export class PublishedVersions {
  constructor(private readonly o: VersionsOptions) {}

  /**
   * The row for this content, brought up to what the chain says: a `prepared` one whose register was
   * mined (a crash or a timeout before it was recorded) becomes `registered`. Content registered by
   * someone else is refused here, before anything is written.
   */
  async current(
    client: PublicClient,
    network: ActiveNetwork,
    contentHash: Hex,
  ): Promise<PublishedRow | undefined> {
    const row = this.o.repo.byContentHash(network.chainId, contentHash);
    const record = await chainRecord(client, network, contentHash);
    if (!record) return row;
    const ours = this.o.signers.addresses().some((a) => getAddress(a) === getAddress(record.registrant));
    if (!row || !ours) {
      const where = ours ? ' (by this wallet, from another data dir)' : '';
      throw new SahelError(
        'CONFLICT',
        `This content is already registered as asset #${record.assetId}${where}`,
      );
    }
    if (row.state === 'prepared') {
      this.o.repo.markRegistered(row.id, record.assetId.toString(), null, this.iso());
      return this.o.repo.get(row.id);
    }
    return row;
  }

  /**
   * A new version: a fresh identity (sealed in the row), the item encrypted to it, the metadata.
   * `locate` names the ciphertext's locations once it is written (an ipfs CID is the file's).
   */
  async create(
    chainId: number,
    r: PublishRequest,
    item: VaultItem,
    content: Content,
    locate: Locate,
  ): Promise<PublishedRow> {
    const id = randomBytes(12).toString('hex');
    const { identity, sealed } = this.o.keys.fresh(id);
    const plaintext = await content.open();
    const written = await writeCiphertext(plaintext, identity.recipient(), this.o.blobsDir);
    let doc: AssetMetadata;
    try {
      doc = metadataFor(r, item, content, written.sha256, written.size, await locate(written.path));
    } catch (err) {
      this.removeFiles(written.sha256);
      throw err;
    }
    const at = this.iso();
    const row: PublishedRow = {
      id,
      chainId,
      vaultItemId: item.id,
      contentHash: content.sha256,
      ciphertextHash: written.sha256,
      ciphertextSize: written.size,
      sealedIdentity: sealed,
      metadata: JSON.stringify(doc),
      state: 'prepared',
      assetId: null,
      offerId: null,
      registerTx: null,
      offerTx: null,
      createdAt: at,
      updatedAt: at,
    };
    this.o.repo.insert(row);
    return row;
  }

  /** The metadata of a new plan for a version not on chain yet (same identity and ciphertext). */
  async remake(
    row: PublishedRow,
    r: PublishRequest,
    item: VaultItem,
    content: Content,
    locate: Locate,
  ): Promise<AssetMetadata> {
    const locations = await locate(join(this.o.blobsDir, row.ciphertextHash));
    const doc = metadataFor(r, item, content, row.ciphertextHash, row.ciphertextSize, locations);
    this.o.repo.updatePreparedMetadata(row.id, JSON.stringify(doc), this.iso());
    return doc;
  }

  /** A new version whose plan failed: nothing refers to it, so its row, ciphertext and CAR go. */
  discard(row: PublishedRow): void {
    this.o.repo.removePrepared(row.id);
    this.removeFiles(row.ciphertextHash);
  }

  private removeFiles(sha256: string): void {
    rmSync(join(this.o.blobsDir, sha256), { force: true });
    rmSync(carFileOf(join(this.o.blobsDir, sha256)), { force: true });
  }

  list(chainId: number): PublishedAsset[] {
    return this.o.repo.list(chainId).map((row) => ({
      id: row.id,
      vaultItemId: row.vaultItemId,
      state: row.state,
      assetId: row.assetId,
      offerId: row.offerId,
      contentHash: row.contentHash,
      ciphertextSha256: row.ciphertextHash,
      ciphertextSize: row.ciphertextSize,
      title: String((JSON.parse(row.metadata) as { title?: unknown }).title ?? ''),
      updatedAt: row.updatedAt,
    }));
  }

  private iso(): string {
    return new Date(this.o.now()).toISOString();
  }
}

function metadataFor(
  r: PublishRequest,
  item: VaultItem,
  content: Content,
  sha256: string,
  ctSize: number,
  locations: ContentLocation[],
): AssetMetadata {
  return buildMetadata({
    request: r,
    title: r.title ?? item.name,
    content: { size: content.size, format: content.format, name: content.name },
    ciphertext: { sha256, size: ctSize, locations },
  });
}
