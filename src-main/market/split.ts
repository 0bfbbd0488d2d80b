import type { SplitRecipient } from '../../src-shared/domain/market.js';

const BPS = 10_000n;

export interface SplitInputs {
  price: bigint;
  feeBps: number;
  feeRecipient: string;
  seller: string;
  contributors: { account: string; bps: number }[];
  parents: { assetId: string; bps: number; contributors: { account: string; bps: number }[] }[];
}

interface Expected {
  account: string;
  amount: bigint;
  role: SplitRecipient['role'];
  why: string;
}

/**
 * The recipients the contract pays, in its order (Marketplace._computeSplit): the platform fee; each
 * parent's royalty of the net price, shared among that parent's contributors by their bps; this
 * asset's contributors sharing what is left; the rounding dust to the seller. Zero amounts are left out.
 */
export function expectedSplit(s: SplitInputs): Expected[] {
  const out: Expected[] = [];
  const fee = (s.price * BigInt(s.feeBps)) / BPS;
  if (fee !== 0n) {
    out.push({
      account: s.feeRecipient,
      amount: fee,
      role: 'fee',
      why: `platform fee (${pct(s.feeBps)} of the price)`,
    });
  }
  const net = s.price - fee;
  let royalties = 0n;
  for (const p of s.parents) {
    const royalty = (net * BigInt(p.bps)) / BPS;
    royalties += royalty;
    shares(out, royalty, p.contributors, (c) => ({
      role: 'parent',
      why: `royalty of parent asset #${p.assetId} (${pct(p.bps)} of the price after the fee), ${pct(c.bps)} of it as that asset's contributor`,
    }));
  }
  shares(out, net - royalties, s.contributors, (c) => ({
    role: 'contributor',
    why: `contributor with ${pct(c.bps)} of what is left after the fee and royalties`,
  }));
  const paid = out.reduce((sum, r) => sum + r.amount, 0n);
  if (s.price > paid) {
    out.push({
      account: s.seller,
      amount: s.price - paid,
      role: 'seller',
      why: 'the seller: the rounding remainder',
    });
  }
  return out;
}

function shares(
  out: Expected[],
  amount: bigint,
  contributors: { account: string; bps: number }[],
  label: (c: { account: string; bps: number }) => Pick<Expected, 'role' | 'why'>,
): void {
  if (amount === 0n) return;
  for (const c of contributors) {
    const share = (amount * BigInt(c.bps)) / BPS;
    if (share !== 0n) out.push({ account: c.account, amount: share, ...label(c) });
  }
}

/**
 * The contract's quote, each line explained by the expected split at the same position. The amounts are
 * the contract's; a line that does not match what the cached records predict (the fee changed since,
 * a record the cache lacks) is marked `unexplained` rather than given a reason it may not have.
 */
export function explainSplit(
  accounts: readonly string[],
  amounts: readonly bigint[],
  expected: readonly Expected[],
): SplitRecipient[] {
  return accounts.map((account, i) => {
    const e = expected[i];
    const matches = e && e.account.toLowerCase() === account.toLowerCase() && e.amount === amounts[i];
    return {
      account,
      amount: (amounts[i] ?? 0n).toString(),
      role: matches ? e.role : 'unexplained',
      why: matches ? e.why : 'paid by the contract; the cached records do not say why',
    };
  });
}

function pct(bps: number): string {
  return `${(bps / 100).toFixed(2).replace(/\.?0+$/, '')}%`;
}
