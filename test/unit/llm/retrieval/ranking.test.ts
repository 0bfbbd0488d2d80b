import { afterEach, describe, expect, it } from 'vitest';
import { ChunkIndex } from '../../../../src-main/llm/retrieval/chunk-index.js';
import { reciprocalRankFusion } from '../../../../src-main/llm/retrieval/fusion.js';
import { anyWordQuery } from '../../../../src-main/store/memory-fts.js';

let index: ChunkIndex;
afterEach(() => index?.close());

describe('BM25 over chunks (FTS5 in memory)', () => {
  it('ranks the chunk with more and rarer query words first, and stems', () => {
    index = new ChunkIndex();
    index.setItem('a', 'Garden notes', ['Tomatoes need sun and water every day.', 'Basil likes warmth.']);
    index.setItem('b', 'Taxes', ['The invoice for the boat repair was paid in March.']);
    index.setItem('c', 'Boat log', ['We sailed the boat to the island; the boat needed repairs.']);
    const hits = index.searchText('When were the boat repairs invoiced?', 10);
    expect(
      hits
        .map((h) => h.id)
        .slice(0, 2)
        .sort(),
    ).toEqual(['b:0', 'c:0']);
    expect(hits.every((h, i) => i === 0 || hits[i - 1]!.score >= h.score)).toBe(true);
    expect(hits.map((h) => h.id)).not.toContain('a:1');
    // "invoiced" finds "invoice" (porter stemming) and the item name is searched too.
    expect(index.searchText('invoiced', 5).map((h) => h.id)).toEqual(['b:0']);
    expect(
      index
        .searchText('garden', 5)
        .map((h) => h.id)
        .sort(),
    ).toEqual(['a:0', 'a:1']);
  });

  it('treats FTS5 syntax in a question as plain words', () => {
    index = new ChunkIndex();
    index.setItem('a', 'n', ['alpha NEAR beta']);
    expect(anyWordQuery('alpha" OR * NEAR(beta) -x:y')).toBe(
      '"alpha" OR "or" OR "near" OR "beta" OR "x" OR "y"',
    );
    expect(index.searchText('") * (', 5)).toEqual([]);
    expect(index.searchText('NEAR(alpha', 5).map((h) => h.id)).toEqual(['a:0']);
  });

  it('replaces and removes an item with its chunks and vectors', () => {
    index = new ChunkIndex();
    index.setItem('a', 'n', ['old words here']);
    index.setVector('a:0', new Float32Array([1, 0]));
    index.setItem('a', 'n', ['new text', 'second part']);
    expect(index.searchText('old', 5)).toEqual([]);
    expect(index.size).toBe(2);
    expect(index.embedded).toBe(0);
    index.removeItem('a');
    expect(index.size).toBe(0);
    expect(index.searchText('new', 5)).toEqual([]);
  });

  it('ranks by cosine similarity, ignoring vectors of another width', () => {
    index = new ChunkIndex();
    index.setItem('a', 'n', ['one', 'two', 'three']);
    index.setVector('a:0', new Float32Array([1, 0, 0]));
    index.setVector('a:1', new Float32Array([10, 10, 0])); // length does not matter, direction does
    index.setVector('a:2', new Float32Array([0, 0]));
    const hits = index.searchVector(new Float32Array([1, 1, 0]), 5);
    expect(hits.map((h) => h.id)).toEqual(['a:1', 'a:0']);
    expect(hits[0]!.score).toBeCloseTo(1, 5);
    expect(hits[1]!.score).toBeCloseTo(Math.SQRT1_2, 5);
  });
});

describe('reciprocal-rank fusion', () => {
  it('puts what both rankings agree on first, whatever the score scales', () => {
    const bm25 = [
      { id: 'x', score: 12 },
      { id: 'y', score: 11 },
      { id: 'z', score: 1 },
    ];
    const cosine = [
      { id: 'y', score: 0.9 },
      { id: 'w', score: 0.8 },
      { id: 'z', score: 0.1 },
    ];
    const fused = reciprocalRankFusion([bm25, cosine]);
    expect(fused.map((f) => f.id)).toEqual(['y', 'z', 'x', 'w']);
    expect(fused[0]!.score).toBeCloseTo(1 / 62 + 1 / 61, 10);
    expect(reciprocalRankFusion([])).toEqual([]);
  });
});
