/** mulberry32: a small, seedable PRNG, so generated test data and fuzz cases replay exactly. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  const chance = (p: number) => next() < p;
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));
  const printable = (n: number) =>
    Array.from({ length: n }, () => String.fromCharCode(32 + int(95))).join('');
  return { next, int, pick, chance, bytes, printable };
}
export type Prng = ReturnType<typeof prng>;
