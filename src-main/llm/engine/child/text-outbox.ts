/**
 * Streamed text leaves the engine at most once per frame. llama.cpp's threads busy-wait on each other
 * at every decode step, so each message that wakes the owner (and, through it, a UI or an API client)
 * can take a core from one of them and stall the whole step: with a small model on many cores a
 * message per token cost more than half the speed (docs/PERFORMANCE.md). The first piece goes at
 * once, so time to first token is unchanged; later pieces wait at most `intervalMs`, below what a
 * screen repaints (the UI paints once per frame anyway).
 */
export class TextOutbox {
  private pending = '';
  private timer: NodeJS.Timeout | undefined;
  private sentAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly sendText: (text: string) => void,
    private readonly intervalMs = 16,
  ) {}

  push(text: string): void {
    this.pending += text;
    if (this.timer) return;
    const wait = this.sentAt + this.intervalMs - performance.now();
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), wait);
  }

  /** Sends what is held; call before the message that ends the stream, which must come after it. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.pending) return;
    const text = this.pending;
    this.pending = '';
    this.sentAt = performance.now();
    this.sendText(text);
  }
}
