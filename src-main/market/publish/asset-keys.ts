import { SahelError } from '../../../src-shared/errors.js';
import type { PublishedAssetsRepo } from '../../store/index.js';
import { X25519Identity } from '../../vault/index.js';

/** The vault's record sealing (Vault.sealRecord/openRecord): bound to a kind and a row id. */
export interface RecordSealer {
  sealRecord(kind: string, id: string, data: Uint8Array): Buffer;
  openRecord(kind: string, id: string, sealed: Uint8Array): Buffer;
}

/** An identity's secret sealed for row `rowId` under `kind`; the plaintext copy is wiped either way. */
export function sealIdentity(
  vault: RecordSealer,
  kind: string,
  rowId: string,
  identity: X25519Identity,
): Buffer {
  const secret = Buffer.from(identity.exportSecret(), 'utf8');
  try {
    return vault.sealRecord(kind, rowId, secret);
  } finally {
    secret.fill(0);
  }
}

/** The identity sealed by sealIdentity (the vault must be unlocked). */
export function openIdentity(
  vault: RecordSealer,
  kind: string,
  rowId: string,
  sealed: Uint8Array,
): X25519Identity {
  const secret = vault.openRecord(kind, rowId, sealed);
  try {
    return X25519Identity.parse(secret.toString('utf8'));
  } finally {
    secret.fill(0);
  }
}

const KIND = 'market-asset-identity';

/**
 * The age identities of published assets, one per published version, sealed with the vault's keys
 * in the published_assets row (never on disk in the clear). Delivery opens one by asset id to seal it
 * to a buyer; it needs the vault unlocked (LOCKED otherwise).
 */
export class AssetKeys {
  constructor(
    private readonly vault: RecordSealer,
    private readonly repo: PublishedAssetsRepo,
  ) {}

  /** A fresh identity for a new published version, and its sealed form for row `rowId`. */
  fresh(rowId: string): { identity: X25519Identity; sealed: Buffer } {
    const identity = X25519Identity.generate();
    return { identity, sealed: sealIdentity(this.vault, KIND, rowId, identity) };
  }

  /** The identity kept in row `rowId`. */
  open(rowId: string, sealed: Uint8Array): X25519Identity {
    return openIdentity(this.vault, KIND, rowId, sealed);
  }

  /** The identity that decrypts asset `assetId`'s ciphertext on chain `chainId` (for delivery). */
  identityForAsset(chainId: number, assetId: bigint): X25519Identity {
    const row = this.repo.byAssetId(chainId, assetId.toString());
    if (!row) throw new SahelError('NOT_FOUND', `Asset #${assetId} was not published from this Sahel`);
    return this.open(row.id, row.sealedIdentity);
  }
}
