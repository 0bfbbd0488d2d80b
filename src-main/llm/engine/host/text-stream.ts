import type { EngineError } from './engine-errors.js';

/** Text chunks buffered for one async iterator; ends or fails with the generation. */
export class TextStream {
  private readonly chunks: string[] = [];
  private finished = false;
  private error: EngineError | undefined;
  private wake: (() => void) | undefined;

  push(text: string): void {
    this.chunks.push(text);
    this.wake?.();
  }

  end(): void {
    this.finished = true;
    this.wake?.();
  }

  fail(err: EngineError): void {
    this.error = err;
    this.end();
  }

  async *iterator(): AsyncGenerator<string> {
    for (;;) {
      const next = this.chunks.shift();
      if (next !== undefined) {
        yield next;
        continue;
      }
      if (this.error) throw this.error;
      if (this.finished) return;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = undefined;
    }
  }
}
