import {
  MATCH_END,
  MATCH_START,
  type VaultItem,
  type VaultProgress,
} from '../../../../src-shared/domain/vault.js';

/** 1536 → "1.5 KiB"; bytes below 1 KiB stay exact. */
export function formatSize(bytes: number): string {
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  if (bytes < 1024) return `${bytes} B`;
  let n = bytes;
  let unit = 'B';
  for (const u of units) {
    if (n < 1024) break;
    n /= 1024;
    unit = u;
  }
  return `${n < 10 ? n.toFixed(1) : Math.round(n)} ${unit}`;
}

/** Left-aligned columns with two spaces between them; the last column is not padded. */
export function table(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => [...(r[i] ?? '')].length)));
  return all
    .map((r) =>
      r
        .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Keeps a table one line per item whatever a name holds (names are user data). */
function oneLine(s: string): string {
  return s.replace(/\p{Cc}/gu, ' ');
}

/** Items as a table: id, kind, size, name (a path under --all), tags. */
export function itemTable(items: readonly (VaultItem & { path?: string })[]): string {
  if (items.length === 0) return 'The vault is empty here.';
  return table(
    ['ID', 'KIND', 'SIZE', 'NAME', 'TAGS'],
    items.map((i) => [
      i.id,
      i.kind,
      i.kind === 'folder' ? '-' : formatSize(i.size),
      oneLine(i.path ?? i.name),
      i.tags.map(oneLine).join(','),
    ]),
  );
}

/**
 * A marked search text for JSON consumers: the plain text, and where each match lies as
 * [start, end) offsets in Unicode code points (what Python, jq and Go index strings by).
 */
export function highlights(marked: string): { text: string; highlights: Array<[number, number]> } {
  const ranges: Array<[number, number]> = [];
  let text = '';
  let length = 0;
  let start: number | undefined;
  for (const ch of marked) {
    if (ch === MATCH_START) start = length;
    else if (ch === MATCH_END) {
      if (start !== undefined && length > start) ranges.push([start, length]);
      start = undefined;
    } else {
      text += ch;
      length += 1;
    }
  }
  return { text, highlights: ranges };
}

/** A search snippet on one line, its matches between « and » (the owner marks them with control characters). */
export function snippetLine(s: string): string {
  return oneLine(s.replaceAll(MATCH_START, '«').replaceAll(MATCH_END, '»')).replace(/\s+/g, ' ').trim();
}

/** A one-line progress display on a terminal's stderr, redrawn in place. */
export function progressLine(p: VaultProgress): string {
  const pct = p.total ? ` ${Math.floor((100 * p.bytes) / Math.max(p.total, 1))}%` : '';
  const of = p.total !== null ? ` of ${formatSize(p.total)}` : '';
  return `${oneLine(p.name)}${pct} (${formatSize(p.bytes)}${of})`;
}
