import type { ChainCacheRepo } from '../../store/index.js';
import { CACHED_EVENT_NAMES } from './abi.js';

export interface CachedTerms {
  token: string;
  price: string;
  commercialUse: boolean;
  derivativesAllowed: boolean;
  duration: string;
  maxLicenses: number;
}

export interface CachedListing {
  offerId: string;
  assetId: string;
  seller: string;
  terms: CachedTerms;
  expiresAt: string;
  sold: number;
  /** Active, not sold out, not expired at `now`, and the asset has not changed hands since. */
  live: boolean;
}

export interface CachedLicense {
  licenseId: string;
  offerId: string;
  assetId: string;
  buyer: string;
  token: string;
  price: string;
  deliveryDeadline: string;
  expiresAt: string;
  status: 'escrowed' | 'delivered' | 'refunded';
}

export interface CachedAsset {
  assetId: string;
  owner: string;
  registrant: string;
  contentHash: string;
  kind: number;
  metadataURI: string;
  contributors: string[];
  bps: number[];
  parents: string[];
  parentBps: number[];
}

export interface CacheView {
  listings: CachedListing[];
  licenses: CachedLicense[];
  assets: CachedAsset[];
}

type Args = Record<string, unknown>;
const s = (v: unknown) => String(v);

/**
 * Folds the cached events, in chain order, into listings, licences and asset records, the way the
 * contracts themselves keep them (an offer dies when its asset's NFT changes hands).
 */
export function readCache(repo: ChainCacheRepo, scope: string, nowSeconds: number): CacheView {
  const offers = new Map<string, CachedListing & { active: boolean; epoch: number }>();
  const licenses = new Map<string, CachedLicense>();
  const assets = new Map<string, CachedAsset>();
  const transfers = new Map<string, number>();
  for (const e of repo.events(scope, CACHED_EVENT_NAMES)) {
    const a = JSON.parse(e.args) as Args;
    switch (e.name) {
      case 'OfferCreated':
      case 'OfferUpdated': {
        const id = s(a.offerId);
        const prev = offers.get(id);
        const assetId = prev?.assetId ?? s(a.assetId);
        offers.set(id, {
          offerId: id,
          assetId,
          seller: prev?.seller ?? s(a.seller),
          terms: a.terms as CachedTerms,
          expiresAt: s(a.expiresAt),
          sold: prev?.sold ?? 0,
          live: false,
          active: true,
          epoch: transfers.get(assetId) ?? 0,
        });
        break;
      }
      case 'OfferCancelled': {
        const o = offers.get(s(a.offerId));
        if (o) o.active = false;
        break;
      }
      case 'Purchased': {
        const o = offers.get(s(a.offerId));
        if (o) o.sold += 1;
        licenses.set(s(a.licenseId), {
          licenseId: s(a.licenseId),
          offerId: s(a.offerId),
          assetId: s(a.assetId),
          buyer: s(a.buyer),
          token: s(a.token),
          price: s(a.price),
          deliveryDeadline: s(a.deliveryDeadline),
          expiresAt: s(a.expiresAt),
          status: 'escrowed',
        });
        break;
      }
      case 'KeyDelivered':
      case 'Refunded': {
        const l = licenses.get(s(a.licenseId));
        if (l) l.status = e.name === 'KeyDelivered' ? 'delivered' : 'refunded';
        break;
      }
      case 'AssetRegistered':
        assets.set(s(a.assetId), {
          assetId: s(a.assetId),
          owner: s(a.owner),
          registrant: s(a.owner),
          contentHash: s(a.contentHash),
          kind: Number(a.kind),
          metadataURI: s(a.metadataURI),
          contributors: [],
          bps: [],
          parents: [],
          parentBps: [],
        });
        break;
      case 'AssetLineage': {
        const asset = assets.get(s(a.assetId));
        if (asset) {
          asset.contributors = (a.contributors as unknown[]).map(s);
          asset.bps = (a.bps as unknown[]).map(Number);
          asset.parents = (a.parents as unknown[]).map(s);
          asset.parentBps = (a.parentBps as unknown[]).map(Number);
        }
        break;
      }
      case 'Transfer': {
        const id = s(a.tokenId);
        const asset = assets.get(id);
        if (asset) asset.owner = s(a.to);
        if (BigInt(s(a.from)) !== 0n) transfers.set(id, (transfers.get(id) ?? 0) + 1);
        break;
      }
    }
  }
  const listings = [...offers.values()].map(({ active, epoch, ...o }) => ({
    ...o,
    live:
      active &&
      epoch === (transfers.get(o.assetId) ?? 0) &&
      (o.terms.maxLicenses === 0 || o.sold < o.terms.maxLicenses) &&
      (o.expiresAt === '0' || BigInt(o.expiresAt) > BigInt(nowSeconds)),
  }));
  return { listings, licenses: [...licenses.values()], assets: [...assets.values()] };
}
