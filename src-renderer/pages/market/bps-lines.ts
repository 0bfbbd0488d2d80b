/** "addr:bps" or "id:bps", one per line, as the CLI takes them; a line without a colon gets NaN bps. */
export function bpsPairs(text: string): [string, number][] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const i = l.lastIndexOf(':');
      return i < 0 ? [l, Number.NaN] : [l.slice(0, i).trim(), Number(l.slice(i + 1).trim())];
    });
}
