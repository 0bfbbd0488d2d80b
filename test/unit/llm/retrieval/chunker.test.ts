import { describe, expect, it } from 'vitest';
import { chunkText } from '../../../../src-main/llm/retrieval/chunker.js';

const sentence = (n: number) => `Sentence number ${n} talks about topic ${n % 7}.`;

describe('chunking', () => {
  it('keeps a short text whole', () => {
    expect(chunkText('  A short note.\n')).toEqual([{ text: 'A short note.', start: 2, end: 15 }]);
    expect(chunkText('')).toEqual([]);
    expect(chunkText(' \n\t ')).toEqual([]);
  });

  it('cuts long text into chunks of at most the size, each a true slice of the text', () => {
    const text = Array.from({ length: 200 }, (_, i) => sentence(i)).join(' ');
    const chunks = chunkText(text, { size: 300, overlap: 60 });
    expect(chunks.length).toBeGreaterThan(text.length / 300);
    for (const c of chunks) {
      expect(c.text.length).toBeLessThanOrEqual(300);
      expect(text.slice(c.start, c.end)).toBe(c.text);
    }
  });

  it('ends chunks at sentence ends and starts them at word starts', () => {
    const text = Array.from({ length: 100 }, (_, i) => sentence(i)).join(' ');
    const chunks = chunkText(text, { size: 300, overlap: 60 });
    for (const c of chunks.slice(0, -1)) expect(c.text.endsWith('.')).toBe(true);
    for (const c of chunks.slice(1)) expect(text[c.start - 1]).toMatch(/\s/);
  });

  it('prefers a paragraph break in the last third over a later sentence end', () => {
    const para1 = 'x'.repeat(230);
    const para2 = Array.from({ length: 20 }, (_, i) => sentence(i)).join(' ');
    const chunks = chunkText(`${para1}.\n\n${para2}`, { size: 300, overlap: 50 });
    expect(chunks[0]?.text).toBe(`${para1}.`);
  });

  it('overlaps consecutive chunks, covers every character, and always moves forward', () => {
    const text = Array.from({ length: 300 }, (_, i) => sentence(i)).join(' ');
    const chunks = chunkText(text, { size: 400, overlap: 100 });
    let covered = 0;
    for (let i = 0; i < chunks.length; i++) {
      const c = chunks[i]!;
      if (i > 0) {
        const prev = chunks[i - 1]!;
        expect(c.start).toBeGreaterThan(prev.start);
        // The next chunk begins inside the previous one: the overlap.
        expect(c.start).toBeLessThan(prev.end);
      }
      // Only whitespace may lie between what is covered so far and this chunk.
      expect(text.slice(covered, c.start).trim()).toBe('');
      covered = Math.max(covered, c.end);
    }
    expect(text.slice(covered).trim()).toBe('');
  });

  it('hard-cuts text without any break, never splitting a surrogate pair', () => {
    const text = '😀'.repeat(500); // 1000 UTF-16 units, no whitespace
    const chunks = chunkText(text, { size: 101, overlap: 20 });
    expect(chunks.map((c) => c.text).join('')).toBe(text);
    // With the u flag, only a lone surrogate matches.
    for (const c of chunks) expect(/[\uD800-\uDFFF]/u.test(c.text)).toBe(false);
  });
});
