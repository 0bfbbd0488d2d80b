/**
 * llama.cpp's threads busy-wait on each other at every decode step, so a step is as slow as its most
 * delayed thread: with one thread per core, any other work on the machine (the owner process relaying
 * tokens, the UI, an API client, the vault's worker) takes a core from one of them and stalls them all.
 * On a 16-core machine a thread per core ran the tiny model through Sahel at a third of a bare script's
 * speed; on 2 cores, 2 threads ran 15–20× slower than 1 for Sahel and for a bare script alike
 * (docs/PERFORMANCE.md, bench:threads and bench:api-tokens). So: 1 thread up to 2 cores, a thread per
 * core on 3–4 (there fewer threads cost more than the stalls), and above that a quarter of the cores
 * (at least two) stay free.
 */
export function defaultThreads(mathCores: number): number {
  const cores = Number.isFinite(mathCores) ? Math.max(1, Math.floor(mathCores)) : 1;
  if (cores <= 2) return 1;
  if (cores <= 4) return cores;
  return cores - Math.max(2, Math.ceil(cores / 4));
}
