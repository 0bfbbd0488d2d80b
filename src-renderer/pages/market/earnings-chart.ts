/** One step of an earnings history: the running total credited, at a block's time. */
export interface CreditPoint {
  at: string;
  credited: string;
}

/**
 * The SVG path of a step chart of `points` in a `width` × `height` box: time along x (the first point
 * at the left edge, the last at the right; a single point drawn across), the running total up y from 0
 * at the bottom to the largest at the top. Totals are base units (bigints); only their ratio to the
 * largest is drawn, so precision is never lost on 18-decimal amounts.
 */
export function stepPath(points: readonly CreditPoint[], width: number, height: number): string {
  if (points.length === 0) return '';
  const times = points.map((p) => Date.parse(p.at));
  const t0 = times[0]!;
  const span = times.at(-1)! - t0;
  const max = points.reduce((m, p) => (BigInt(p.credited) > m ? BigInt(p.credited) : m), 0n);
  const x = (i: number) => (span > 0 ? ((times[i]! - t0) / span) * width : 0);
  const y = (v: string) =>
    max > 0n ? height - (Number((BigInt(v) * 10_000n) / max) / 10_000) * height : height;
  const r = (n: number) => Math.round(n * 10) / 10;
  let d = `M0 ${height} H${r(x(0))} V${r(y(points[0]!.credited))}`;
  for (let i = 1; i < points.length; i++) d += ` H${r(x(i))} V${r(y(points[i]!.credited))}`;
  return `${d} H${width}`;
}
