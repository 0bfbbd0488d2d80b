import { formatUnits } from '../../../src-shared/domain/amount.js';
import type { OfferTerms } from '../../../src-shared/domain/market.js';
import { printable } from '../../../src-shared/untrusted-text.js';

/**
 * Text from the chain or an asset's metadata, for a text node only (never markup). The owner has
 * already neutralised it; applying the same rule here keeps the page safe whatever answered.
 */
export const shown = (text: string): string => printable(text);

export const priceText = (t: Pick<OfferTerms, 'price' | 'decimals' | 'symbol'>) =>
  `${formatUnits(t.price, t.decimals, 6)} ${shown(t.symbol)}`;

export const pct = (bps: number) => `${(bps / 100).toFixed(2).replace(/\.?0+$/, '')}%`;

export function termsText(t: OfferTerms): string {
  return [
    t.commercialUse ? 'commercial use' : 'non-commercial',
    t.derivativesAllowed ? 'derivatives allowed' : 'no derivatives',
    t.duration === '0' ? 'perpetual' : `${durationText(Number(t.duration))}`,
    t.maxLicenses === 0 ? 'no seat cap' : `${t.maxLicenses} seats`,
  ].join(' · ');
}

function durationText(seconds: number): string {
  const days = seconds / 86_400;
  return days >= 1 && Number.isInteger(days) ? `${days} days` : `${seconds} seconds`;
}

/** An address shortened for a row (the full one is in the title attribute). */
export const shortAddress = (a: string) => `${a.slice(0, 6)}…${a.slice(-4)}`;
