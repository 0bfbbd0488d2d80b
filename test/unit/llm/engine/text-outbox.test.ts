import { describe, expect, it, vi } from 'vitest';
import { TextOutbox } from '../../../../src-main/llm/engine/child/text-outbox.js';

describe('TextOutbox', () => {
  it('sends the first piece at once and the rest at most once per interval, in order', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      const sent: string[] = [];
      const out = new TextOutbox((t) => sent.push(t), 16);
      out.push('Once');
      expect(sent).toEqual(['Once']);
      out.push(' upon');
      out.push(' a');
      expect(sent).toEqual(['Once']);
      vi.advanceTimersByTime(16);
      expect(sent).toEqual(['Once', ' upon a']);
      vi.advanceTimersByTime(100);
      out.push(' time');
      expect(sent).toEqual(['Once', ' upon a', ' time']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('flush sends what is held before the end of the stream, and nothing is sent twice', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      const sent: string[] = [];
      const out = new TextOutbox((t) => sent.push(t), 16);
      out.push('a');
      out.push('b');
      out.flush();
      expect(sent).toEqual(['a', 'b']);
      vi.advanceTimersByTime(50);
      out.flush();
      expect(sent).toEqual(['a', 'b']);
    } finally {
      vi.useRealTimers();
    }
  });
});
