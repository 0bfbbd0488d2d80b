import type { Ranked } from './chunk-index.js';

/**
 * Reciprocal-rank fusion: each ranking gives an entry 1/(k + rank). Only ranks count, so BM25
 * scores and cosine similarities need no common scale; k = 60 is the constant of Cormack et al.
 * (2009), which damps the weight of the very top ranks.
 */
export function reciprocalRankFusion(rankings: Ranked[][], k = 60): Ranked[] {
  const fused = new Map<string, number>();
  for (const ranking of rankings) {
    ranking.forEach((r, i) => {
      fused.set(r.id, (fused.get(r.id) ?? 0) + 1 / (k + i + 1));
    });
  }
  return [...fused]
    .map(([id, score]) => ({ id, score }))
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
