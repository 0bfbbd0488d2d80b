import { describe, expect, it } from 'vitest';
import { StopScanner } from '../../../../src-main/shells/server/openai/stop.js';

function run(stops: string[], pieces: string[]) {
  const s = new StopScanner(stops);
  let out = '';
  let stopped = false;
  for (const p of pieces) {
    const r = s.push(p);
    out += r.emit;
    if (r.stopped) {
      stopped = true;
      break;
    }
  }
  return { out: out + s.flush(), stopped };
}

// The OpenAI `stop` handling of /v1/chat/completions, over token pieces as the engine streams them.
describe('stop sequences over streamed pieces', () => {
  it('passes text through when there is no stop sequence', () => {
    expect(run([], ['a', 'b', 'c'])).toEqual({ out: 'abc', stopped: false });
  });

  it('stops before a sequence split across pieces and never sends any of it', () => {
    const s = new StopScanner(['END']);
    expect(s.push('hello E')).toEqual({ emit: 'hello ', stopped: false });
    expect(s.push('N')).toEqual({ emit: '', stopped: false });
    expect(s.push('D and more')).toEqual({ emit: '', stopped: true });
    expect(s.flush()).toBe('');
  });

  it('releases held text that turned out not to be a stop sequence', () => {
    expect(run(['END'], ['hello E', 'NX', ' bye'])).toEqual({ out: 'hello ENX bye', stopped: false });
    expect(run(['END'], ['tail E'])).toEqual({ out: 'tail E', stopped: false });
  });

  it('cuts at the earliest of several sequences', () => {
    expect(run(['\n\n', 'User:'], ['Sure. User: hi\n\nmore'])).toEqual({ out: 'Sure. ', stopped: true });
  });
});
