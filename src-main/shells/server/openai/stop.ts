/**
 * Applies OpenAI `stop` sequences to streamed text: text is released only once it cannot be the
 * start of a stop sequence, and generation ends before the first stop sequence, which is not sent.
 */
export class StopScanner {
  private held = '';
  private done = false;

  constructor(private readonly stops: readonly string[]) {}

  /** What may be sent now, and whether a stop sequence was reached (nothing after it is sent). */
  push(text: string): { emit: string; stopped: boolean } {
    if (this.done) return { emit: '', stopped: true };
    const buf = this.held + text;
    let cut = -1;
    for (const s of this.stops) {
      const i = buf.indexOf(s);
      if (i >= 0 && (cut < 0 || i < cut)) cut = i;
    }
    if (cut >= 0) {
      this.done = true;
      this.held = '';
      return { emit: buf.slice(0, cut), stopped: true };
    }
    const hold = this.partial(buf);
    this.held = buf.slice(buf.length - hold);
    return { emit: buf.slice(0, buf.length - hold), stopped: false };
  }

  /** The text held back at the end of generation: it never completed a stop sequence. */
  flush(): string {
    const rest = this.done ? '' : this.held;
    this.held = '';
    return rest;
  }

  /** The longest end of `buf` that begins some stop sequence. */
  private partial(buf: string): number {
    let best = 0;
    for (const s of this.stops) {
      for (let n = Math.min(s.length - 1, buf.length); n > best; n--) {
        if (buf.endsWith(s.slice(0, n))) {
          best = n;
          break;
        }
      }
    }
    return best;
  }
}
