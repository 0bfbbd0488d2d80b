import { describe, expect, it } from 'vitest';
import { defaultThreads } from '../../../../src-main/llm/engine/child/threads.js';

describe('defaultThreads', () => {
  it('runs one thread on 1–2 cores (2 threads measured many times slower there) and a thread per core on 3–4', () => {
    expect([1, 2, 3, 4].map(defaultThreads)).toEqual([1, 1, 3, 4]);
  });

  it('leaves a quarter of the cores, at least two, to the rest of the app above four', () => {
    expect(defaultThreads(6)).toBe(4);
    expect(defaultThreads(8)).toBe(6);
    expect(defaultThreads(16)).toBe(12);
    expect(defaultThreads(64)).toBe(48);
  });

  it('never asks for less than one thread', () => {
    expect(defaultThreads(0)).toBe(1);
    expect(defaultThreads(Number.NaN)).toBe(1);
  });
});
