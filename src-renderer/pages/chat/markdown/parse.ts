/**
 * A small, safe subset of Markdown for model output: paragraphs, headings, emphasis, inline code,
 * fenced code blocks, lists, block quotes, rules and links. It produces a tree, never HTML, so
 * nothing the model writes can become markup. Anything it does not understand stays plain text, and
 * half-written constructs (an unclosed fence or `**` while a reply streams) read sensibly.
 */

export type Inline =
  | { t: 'text'; v: string }
  | { t: 'code'; v: string }
  | { t: 'strong'; c: Inline[] }
  | { t: 'em'; c: Inline[] }
  | { t: 'link'; href: string; c: Inline[] }
  | { t: 'br' };

export type Block =
  | { t: 'p'; c: Inline[] }
  | { t: 'h'; level: 1 | 2 | 3 | 4 | 5 | 6; c: Inline[] }
  /** `closed` is false while the closing fence has not arrived yet (a streaming reply). */
  | { t: 'code'; lang: string; v: string; closed: boolean }
  | { t: 'list'; ordered: boolean; start: number; items: Inline[][] }
  | { t: 'quote'; c: Inline[] }
  | { t: 'hr' };

/** A block with the source it came from: renderers memoise on `src`, so a streaming reply re-renders only its tail. */
export interface SourceBlock {
  src: string;
  /** Where the block's first line starts in the text. */
  start: number;
  block: Block;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([\w+#.-]*)[^\n]*$/;
const HEADING = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const BULLET = /^ {0,3}[-*+]\s+(.*)$/;
const ORDERED = /^ {0,3}(\d{1,9})[.)]\s+(.*)$/;
const QUOTE = /^ {0,3}>\s?(.*)$/;
const RULE = /^ {0,3}([-*_])(\s*\1){2,}\s*$/;

/**
 * Parses `text`. Given the blocks of a text it extends (a streaming reply), only its last two blocks
 * and what follows are parsed again. The last block may still grow, or join the one before it (a line
 * "-" becoming "- item" of the list above); anything earlier ended at a line that is complete.
 */
export function parseMarkdown(text: string, before?: { text: string; blocks: SourceBlock[] }): SourceBlock[] {
  const keep = Math.max(0, (before?.blocks.length ?? 0) - 2);
  const from = before?.blocks[keep];
  if (before && from && text.length >= before.text.length && text.startsWith(before.text)) {
    return before.blocks.slice(0, keep).concat(parseFrom(text.slice(from.start), from.start));
  }
  return parseFrom(text, 0);
}

function parseFrom(text: string, base: number): SourceBlock[] {
  const raw = text.split('\n');
  const lines = raw.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  /** Where each line starts in the whole text, so blocks can say where they start. */
  const offsets: number[] = [];
  let at = base;
  for (const l of raw) {
    offsets.push(at);
    at += l.length + 1;
  }
  const out: SourceBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (!line.trim()) {
      i++;
      continue;
    }
    const start = i;
    const push = (src: string, block: Block) => out.push({ src, start: offsets[start]!, block });
    const fence = FENCE.exec(line);
    if (fence) {
      const marker = fence[1]!;
      const body: string[] = [];
      i++;
      let closed = false;
      while (i < lines.length) {
        const l = lines[i]!;
        i++;
        if (l.trim().startsWith(marker[0]!.repeat(marker.length)) && /^[`~\s]*$/.test(l)) {
          closed = true;
          break;
        }
        body.push(l);
      }
      const block: Block = { t: 'code', lang: fence[2] ?? '', v: body.join('\n'), closed };
      push(lines.slice(start, i).join('\n'), block);
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      const level = heading[1]!.length as 1 | 2 | 3 | 4 | 5 | 6;
      push(line, { t: 'h', level, c: parseInline(heading[2] ?? '') });
      i++;
      continue;
    }
    if (RULE.test(line)) {
      push(line, { t: 'hr' });
      i++;
      continue;
    }
    if (BULLET.test(line) || ORDERED.test(line)) {
      const ordered = !BULLET.test(line);
      const items: string[] = [];
      const startNo = ordered ? Number(ORDERED.exec(line)![1]) : 1;
      while (i < lines.length) {
        const l = lines[i]!;
        const m = ordered ? ORDERED.exec(l) : BULLET.exec(l);
        if (m) items.push(ordered ? m[2]! : m[1]!);
        else if (l.trim() && /^\s{2,}/.test(l) && items.length > 0)
          items[items.length - 1] += `\n${l.trim()}`;
        else break;
        i++;
      }
      const block: Block = { t: 'list', ordered, start: startNo, items: items.map((s) => parseInline(s)) };
      push(lines.slice(start, i).join('\n'), block);
      continue;
    }
    if (QUOTE.test(line)) {
      const body: string[] = [];
      while (i < lines.length && QUOTE.test(lines[i]!)) body.push(QUOTE.exec(lines[i++]!)![1]!);
      push(lines.slice(start, i).join('\n'), { t: 'quote', c: parseInline(body.join('\n')) });
      continue;
    }
    // A paragraph runs until a blank line or the start of another kind of block.
    const body: string[] = [];
    while (i < lines.length) {
      const l = lines[i]!;
      if (!l.trim() || (body.length > 0 && startsBlock(l))) break;
      body.push(l);
      i++;
    }
    push(body.join('\n'), { t: 'p', c: parseInline(body.join('\n')) });
  }
  return out;
}

function startsBlock(line: string): boolean {
  return FENCE.test(line) || HEADING.test(line) || BULLET.test(line) || QUOTE.test(line) || RULE.test(line);
}

/** Links may only leave for the web or mail: no javascript:, data:, file: or app-relative URLs. */
export function safeHref(raw: string): string | null {
  try {
    const url = new URL(raw.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' || url.protocol === 'mailto:'
      ? url.href
      : null;
  } catch {
    return null;
  }
}

const BARE_URL = /^https?:\/\/[^\s<>]*[^\s<>.,:;"')\]!?*_]/;
const ESCAPABLE = /[\\`*_[\]()#+\-.!>~|{}]/;

export function parseInline(src: string): Inline[] {
  const out: Inline[] = [];
  let text = '';
  const flush = () => {
    if (text) out.push({ t: 'text', v: text });
    text = '';
  };
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === '\\' && i + 1 < src.length && ESCAPABLE.test(src[i + 1]!)) {
      text += src[i + 1];
      i += 2;
      continue;
    }
    if (ch === '\n') {
      flush();
      out.push({ t: 'br' });
      i++;
      continue;
    }
    if (ch === '`') {
      let n = 1;
      while (src[i + n] === '`') n++;
      const fence = '`'.repeat(n);
      const end = src.indexOf(fence, i + n);
      if (end > i + n) {
        flush();
        out.push({ t: 'code', v: src.slice(i + n, end).replace(/^ (.*) $/s, '$1') });
        i = end + n;
        continue;
      }
      text += fence;
      i += n;
      continue;
    }
    if ((ch === '*' || ch === '_') && canOpen(src, i)) {
      const double = src[i + 1] === ch;
      const delim = double ? ch + ch : ch;
      const end = findClose(src, i + delim.length, delim);
      if (end > 0) {
        flush();
        const inner = parseInline(src.slice(i + delim.length, end));
        out.push(double ? { t: 'strong', c: inner } : { t: 'em', c: inner });
        i = end + delim.length;
        continue;
      }
    }
    if (ch === '[') {
      const link = /^\[([^\]\n]+)\]\(([^)\s]+)\)/.exec(src.slice(i));
      const href = link ? safeHref(link[2]!) : null;
      if (link && href) {
        flush();
        out.push({ t: 'link', href, c: parseInline(link[1]!) });
        i += link[0].length;
        continue;
      }
    }
    if (ch === 'h' && (i === 0 || /[\s(]/.test(src[i - 1]!))) {
      const bare = BARE_URL.exec(src.slice(i));
      const href = bare ? safeHref(bare[0]) : null;
      if (bare && href) {
        flush();
        out.push({ t: 'link', href, c: [{ t: 'text', v: bare[0] }] });
        i += bare[0].length;
        continue;
      }
    }
    text += ch;
    i++;
  }
  flush();
  return out;
}

/** `_` inside a word (snake_case) is not emphasis; neither is a delimiter followed by a space. */
function canOpen(src: string, i: number): boolean {
  const ch = src[i]!;
  const next = src[ch === src[i + 1] ? i + 2 : i + 1];
  if (next === undefined || /\s/.test(next)) return false;
  return ch !== '_' || i === 0 || !/[\p{L}\p{N}]/u.test(src[i - 1]!);
}

function findClose(src: string, from: number, delim: string): number {
  let j = src.indexOf(delim, from);
  while (j > from) {
    const before = src[j - 1]!;
    const after = src[j + delim.length];
    const single = delim.length === 1 && (after === delim || before === delim);
    const wordUnderscore = delim[0] === '_' && after !== undefined && /[\p{L}\p{N}]/u.test(after);
    if (!/\s/.test(before) && !single && !wordUnderscore) return j;
    j = src.indexOf(delim, j + 1);
  }
  return -1;
}
