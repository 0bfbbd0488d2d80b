/** A slice of an item's text; `start`/`end` are UTF-16 offsets into the whole text. */
export interface Chunk {
  text: string;
  start: number;
  end: number;
}

export interface ChunkOptions {
  /** Longest chunk in characters (about a quarter as many tokens for English). */
  size: number;
  /** Characters the next chunk repeats from the end of the previous, so no sentence is cut off alone. */
  overlap: number;
}

// ~250 tokens of English: small enough for several passages to fit a 4k context with the question,
// large enough to carry a paragraph's meaning for an embedding.
export const DEFAULT_CHUNKING: ChunkOptions = { size: 1000, overlap: 200 };

/**
 * Splits text into overlapping chunks, ending each at the best boundary in its last third: a
 * paragraph break, else a line or sentence end, else whitespace, else a hard cut. Chunks never split
 * a surrogate pair, every character is in at least one chunk, and each chunk starts after the last.
 */
export function chunkText(text: string, opts: ChunkOptions = DEFAULT_CHUNKING): Chunk[] {
  const size = Math.max(16, Math.floor(opts.size));
  const overlap = Math.min(Math.max(0, Math.floor(opts.overlap)), Math.floor(size / 2));
  const chunks: Chunk[] = [];
  let start = skipSpace(text, 0);
  while (start < text.length) {
    let end = Math.min(text.length, start + size);
    if (end < text.length) end = boundary(text, start + Math.floor((size * 2) / 3), end);
    const piece = text.slice(start, end).trimEnd();
    if (piece.length > 0) chunks.push({ text: piece, start, end: start + piece.length });
    if (end >= text.length) break;
    // Step back by the overlap, to the start of a word, but always forward of this chunk's start.
    let next = wordStart(text, end - overlap);
    if (next <= start) next = end;
    start = skipSpace(text, next);
  }
  return chunks;
}

const BREAKS: RegExp[] = [/\n\s*\n/g, /[.!?。！？][\s"')\]]|\n/g, /\s/g];

/** The end of the best break between `from` and `to` (exclusive of `to`), else `to`. */
function boundary(text: string, from: number, to: number): number {
  const window = text.slice(from, to);
  for (const re of BREAKS) {
    let last = -1;
    for (const m of window.matchAll(re)) last = m.index + m[0].length;
    if (last > 0) return from + last;
  }
  return safeCut(text, to);
}

function wordStart(text: string, at: number): number {
  let i = Math.max(0, at);
  while (i > 0 && !/\s/.test(text[i - 1] ?? '')) i--;
  return i;
}

function skipSpace(text: string, at: number): number {
  let i = at;
  while (i < text.length && /\s/.test(text[i] ?? '')) i++;
  return i;
}

/** Never leaves half of a surrogate pair at the end of a chunk. */
function safeCut(text: string, at: number): number {
  const code = text.charCodeAt(at - 1);
  return code >= 0xd800 && code <= 0xdbff ? at - 1 : at;
}
