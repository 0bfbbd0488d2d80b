import { ASSET_KINDS, type AssetKind } from '../../src-shared/domain/asset-metadata.js';
import type { MarketListing, MetadataNote } from '../../src-shared/domain/market.js';
import { untrustedLine, untrustedText } from '../../src-shared/untrusted-text.js';
import type { CachedListing } from '../chain/index.js';
import type { MetadataOutcome } from './metadata/resolver.js';

/** The caps on text from metadata as the market shows it (the schema's own limits are wider for some). */
export const TEXT_CAPS = { title: 120, summary: 240, description: 8000, tag: 40, license: 16000, uri: 300 };

export interface AssetText {
  title: string;
  description: string;
  /** The description's start on one line, for a list row. */
  summary: string;
  tags: string[];
  licenseText: string;
  metadata: MetadataNote;
}

export const isChainKind = (index: number): boolean =>
  Number.isInteger(index) && index >= 0 && index < ASSET_KINDS.length;

/** The kind as the chain stores it (AssetRegistry.Kind); an index outside the enum cannot come from the contract. */
export function chainKind(index: number): AssetKind {
  const kind = ASSET_KINDS[index];
  if (!kind) throw new Error(`asset kind ${index} is not one the registry knows`);
  return kind;
}

/**
 * An asset's text as shown: neutralised and capped; a neutral "Asset #n" where the metadata gave no
 * title; a note when the metadata's kind disagrees with the chain's (the chain's is the one shown).
 */
// Neutralising an 8,000-character description is the costly part of showing a listing: done once per
// resolved document (the resolver keeps the outcome object while it is cached).
const shownCache = new WeakMap<MetadataOutcome, Map<string, AssetText>>();

export function assetText(assetId: string, kind: AssetKind, outcome: MetadataOutcome): AssetText {
  let byAsset = shownCache.get(outcome);
  if (!byAsset) {
    byAsset = new Map();
    shownCache.set(outcome, byAsset);
  }
  const key = `${assetId}:${kind}`;
  let text = byAsset.get(key);
  if (!text) {
    text = buildText(assetId, kind, outcome);
    byAsset.set(key, text);
  }
  return text;
}

function buildText(assetId: string, kind: AssetKind, outcome: MetadataOutcome): AssetText {
  const fallback = `Asset #${assetId}`;
  if (outcome.state === 'unreadable') {
    return {
      title: fallback,
      description: '',
      summary: '',
      tags: [],
      licenseText: '',
      metadata: { state: 'unreadable', problem: outcome.problem },
    };
  }
  if (outcome.state === 'legacy') {
    return {
      title: untrustedLine(outcome.title, TEXT_CAPS.title) || fallback,
      description: untrustedText(outcome.description, TEXT_CAPS.description),
      summary: summaryOf(outcome.description),
      tags: [],
      licenseText: '',
      metadata: { state: 'legacy', problem: 'old-style demo metadata: no content or ciphertext details' },
    };
  }
  const m = outcome.metadata;
  return {
    title: untrustedLine(m.title, TEXT_CAPS.title) || fallback,
    description: untrustedText(m.description, TEXT_CAPS.description),
    summary: summaryOf(m.description),
    tags: m.tags.map((t) => untrustedLine(t, TEXT_CAPS.tag)),
    licenseText: untrustedText(m.licenseText, TEXT_CAPS.license),
    metadata: {
      state: 'ok',
      ...(m.kind !== kind
        ? { kindClaimed: m.kind, problem: `the metadata says ${m.kind}; the chain registered a ${kind}` }
        : {}),
    },
  };
}

export const summaryOf = (description: string) => untrustedLine(description, TEXT_CAPS.summary);

/** A token as a listing shows its prices: "?" and 0 decimals when it does not answer as an ERC-20. */
export interface TokenShown {
  symbol: string;
  decimals: number;
}

/** One offer as a listing row: the chain's terms with the asset's shown text and the token's units. */
export function listingRow(
  o: CachedListing,
  kind: AssetKind,
  t: AssetText,
  token: TokenShown,
): MarketListing {
  return {
    offerId: o.offerId,
    assetId: o.assetId,
    seller: o.seller,
    kind,
    title: t.title,
    summary: t.summary,
    tags: t.tags,
    terms: {
      token: o.terms.token,
      symbol: token.symbol,
      decimals: token.decimals,
      price: o.terms.price,
      commercialUse: o.terms.commercialUse,
      derivativesAllowed: o.terms.derivativesAllowed,
      duration: o.terms.duration,
      maxLicenses: o.terms.maxLicenses,
    },
    sold: o.sold,
    expiresAt: o.expiresAt,
    live: o.live,
    metadata: t.metadata,
  };
}
