import type { Command } from 'commander';
import { formatUnits, MAX_DECIMALS, parseAmount } from '../../../../src-shared/domain/amount.js';
import { ASSET_KINDS, type AssetKind } from '../../../../src-shared/domain/asset-metadata.js';
import {
  type AssetPage,
  LICENSE_FILTERS,
  MARKET_SORTS,
  type MarketListing,
  type MarketSort,
  type OfferTerms,
} from '../../../../src-shared/domain/market.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../output.js';
import { withConnection } from './vault-session.js';

interface SearchFlags {
  kind?: string;
  maxPrice?: string;
  token?: string;
  seller?: string;
  license?: string[];
  sort?: string;
  limit?: string;
  cursor?: string;
}

/** `sahel market search|show`: the marketplace's listings on the active network. */
export function registerMarketReadCommands(market: Command, ctx: () => CliContext): void {
  market
    .command('search')
    .description('live listings, newest first; words match the title, description and tags')
    .argument('[text...]', 'words to look for')
    .option('--kind <kind>', ASSET_KINDS.join(' | '))
    .option('--max-price <amount>', 'highest price in token units (e.g. 12.5)')
    .option('--token <address>', 'only listings priced in this ERC-20')
    .option('--seller <address>', "only this seller's listings")
    .option(
      '--license <term>',
      `terms a licence must grant: ${LICENSE_FILTERS.join(', ')} (repeatable)`,
      collect,
    )
    .option('--sort <order>', MARKET_SORTS.join(' | '), 'newest')
    .option('--limit <n>', 'results per page (1-200)', '50')
    .option('--cursor <c>', 'the next page, as the previous answer gave it')
    .action((text: string[], flags: SearchFlags) => search(ctx(), text.join(' '), flags));
  market
    .command('show')
    .description('an asset: provenance, licence terms, hashes, licences sold, the split of one purchase')
    .argument('<asset>', 'the asset id (a number, # allowed)')
    .action((asset: string) => show(ctx(), asset));
}

const collect = (v: string, all: string[] = []) => [...all, v];

function searchInput(text: string, f: SearchFlags) {
  if (f.kind !== undefined && !(ASSET_KINDS as readonly string[]).includes(f.kind)) {
    throw new UsageError(`--kind must be one of ${ASSET_KINDS.join(', ')}`);
  }
  if (f.maxPrice !== undefined) {
    const p = parseAmount(f.maxPrice, MAX_DECIMALS);
    if (!p.ok) throw new UsageError(`--max-price: ${p.problem}`);
  }
  if (!(MARKET_SORTS as readonly string[]).includes(f.sort ?? 'newest')) {
    throw new UsageError(`--sort must be one of ${MARKET_SORTS.join(', ')}`);
  }
  for (const l of f.license ?? []) {
    if (!(LICENSE_FILTERS as readonly string[]).includes(l)) {
      throw new UsageError(`--license must be one of ${LICENSE_FILTERS.join(', ')}`);
    }
  }
  const limit = Number(f.limit ?? '50');
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new UsageError('--limit must be 1 to 200');
  return {
    ...(text.trim() ? { text: text.trim() } : {}),
    ...(f.kind ? { kind: f.kind as AssetKind } : {}),
    ...(f.maxPrice ? { maxPrice: f.maxPrice } : {}),
    ...(f.token ? { token: f.token } : {}),
    ...(f.seller ? { seller: f.seller } : {}),
    ...(f.license?.length ? { license: f.license as (typeof LICENSE_FILTERS)[number][] } : {}),
    ...(f.cursor ? { cursor: f.cursor } : {}),
    sort: (f.sort ?? 'newest') as MarketSort,
    limit,
  };
}

async function search(ctx: CliContext, text: string, flags: SearchFlags): Promise<void> {
  const input = searchInput(text, flags);
  await withConnection(ctx, async ({ client }) => {
    const r = await client.market.search(input);
    const lines = r.listings.map(row);
    if (lines.length === 0) lines.push('No listings match.');
    if (r.nextCursor) lines.push(`… ${r.total} in all; next page: --cursor ${r.nextCursor}`);
    if (r.stale) lines.push(r.stale);
    ctx.out.result(lines.join('\n'), r);
  });
}

const price = (t: Pick<OfferTerms, 'price' | 'decimals' | 'symbol'>) =>
  `${formatUnits(t.price, t.decimals)} ${t.symbol}`;

function row(l: MarketListing): string {
  const note = l.metadata.problem ? `  (${l.metadata.problem})` : '';
  return `#${l.assetId.padEnd(5)} offer ${l.offerId.padEnd(5)} ${l.kind.padEnd(8)} ${price(l.terms).padEnd(18)} ${String(l.sold).padStart(4)} sold  ${l.title}${note}`;
}

function terms(t: OfferTerms): string {
  const parts = [
    t.commercialUse ? 'commercial use' : 'no commercial use',
    t.derivativesAllowed ? 'derivatives allowed' : 'no derivatives',
    t.duration === '0' ? 'perpetual' : `${t.duration} s`,
    t.maxLicenses === 0 ? 'no seat cap' : `${t.maxLicenses} seats`,
  ];
  return parts.join(', ');
}

async function show(ctx: CliContext, asset: string): Promise<void> {
  const assetId = asset.replace(/^#/, '');
  if (!/^[1-9][0-9]{0,77}$/.test(assetId)) throw new UsageError('<asset> is an asset id, like 3 or #3');
  await withConnection(ctx, async ({ client }) => {
    const a = await client.market.show({ assetId });
    ctx.out.result(describeAsset(a), a);
  });
}

function describeAsset(a: AssetPage): string {
  const out = [`#${a.assetId} ${a.title}  (${a.kind})`];
  if (a.metadata.problem) out.push(`  ! ${a.metadata.problem}`);
  if (a.description) out.push('', a.description, '');
  if (a.tags.length) out.push(`tags: ${a.tags.join(', ')}`);
  out.push(`owner        ${a.owner}`, `registrant   ${a.registrant}`);
  out.push(`plaintext    sha256 ${a.contentHash} (on chain)`);
  if (a.ciphertext) {
    out.push(`ciphertext   sha256 ${a.ciphertext.sha256}, ${a.ciphertext.size} bytes (the seller's claim)`);
    for (const l of a.ciphertext.locations) out.push(`             ${l.kind}: ${l.where}`);
  }
  if (a.content) out.push(`content      ${a.content.size} bytes, ${a.content.format}`);
  out.push(`metadata     ${a.metadataURI}`);
  out.push('contributors');
  for (const c of a.contributors) out.push(`  ${c.account}  ${c.bps / 100}%`);
  if (a.parents.length) out.push('derived from');
  for (const p of a.parents) out.push(`  #${p.assetId} ${p.title} (${p.kind}): royalty ${p.bps / 100}%`);
  if (a.derived.length) out.push('assets derived from it');
  for (const d of a.derived) out.push(`  #${d.assetId} ${d.title} (${d.kind})`);
  out.push('offers');
  for (const o of a.offers) {
    out.push(
      `  offer ${o.offerId}: ${price(o.terms)}, ${terms(o.terms)}, ${o.sold} sold${o.live ? '' : ' (closed)'}`,
    );
  }
  if (a.offers.length === 0) out.push('  none');
  const l = a.licenses;
  out.push(
    `licences sold ${l.sold} (${l.delivered} delivered, ${l.escrowed} awaiting delivery, ${l.refunded} refunded)`,
  );
  if (a.licenseText) out.push('licence text', a.licenseText);
  if (a.split) {
    out.push(`one purchase of offer ${a.split.offerId} (${price(a.split)}), as the contract pays it:`);
    for (const r of a.split.recipients) {
      out.push(
        `  ${r.account}  ${formatUnits(r.amount, a.split.decimals).padStart(14)} ${a.split.symbol}  ${r.role}: ${r.why}`,
      );
    }
  } else if (a.splitProblem) out.push(a.splitProblem);
  if (a.sellerOther.length) out.push("the owner's other assets");
  for (const o of a.sellerOther) out.push(`  #${o.assetId} ${o.title} (${o.kind})`);
  return out.join('\n');
}
