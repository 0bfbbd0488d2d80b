import { afterEach, describe, expect, it } from 'vitest';
import { TokenBuffer, useStream } from '../../../../../src-renderer/pages/chat/stream.js';

/** Frames run when the test says so. */
function manualFrames() {
  let due: (() => void) | null = null;
  const schedule = (flush: () => void) => {
    due = flush;
    return () => {
      due = null;
    };
  };
  return { schedule, frame: () => due?.() };
}

afterEach(() => useStream.setState({ live: null }));

describe('the live reply', () => {
  it("an agent's later turn replaces the text of the turn that called tools; a plain reply only grows", () => {
    const f = manualFrames();
    const b = new TokenBuffer(f.schedule);
    b.start('c1', 'r1');
    b.push('r1', 'Let me', 1);
    b.push('r1', ' look.', 1);
    f.frame();
    expect(useStream.getState().live?.text).toBe('Let me look.');
    // Turn 1 called a tool; turn 2 is the answer.
    b.push('r1', 'Found', 2);
    expect(useStream.getState().live?.text).toBe('');
    b.push('r1', ' it.', 2);
    f.frame();
    expect(useStream.getState().live?.text).toBe('Found it.');

    b.start('c1', 'r2');
    b.push('r2', 'Plain');
    b.push('r2', ' reply.');
    f.frame();
    expect(useStream.getState().live?.text).toBe('Plain reply.');
  });
});
