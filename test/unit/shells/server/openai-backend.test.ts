import { describe, expect, it } from 'vitest';
import type { EngineHost } from '../../../../src-main/llm/engine/host/engine-host.js';
import { llmBackend } from '../../../../src-main/shells/server/openai/backend.js';
import { OpenAiError } from '../../../../src-main/shells/server/openai/errors.js';

// Which model a /v1 chat request gets: loading on request (and the setting that turns it off).
function setup(enabled: boolean) {
  let loaded: { id: string; contextSize: number } | null = { id: 'a', contextSize: 512 };
  const loads: string[] = [];
  const backend = llmBackend({ engine: () => ({}) as EngineHost, loaded: () => loaded }, () => null, {
    enabled: () => enabled,
    installed: () => ['a', 'b'],
    load: async (id) => {
      loads.push(id);
      loaded = { id, contextSize: 1024 };
    },
  });
  return { backend, loads };
}

const statusOf = (p: Promise<unknown>) =>
  p.then(
    () => 200,
    (e: unknown) => (e instanceof OpenAiError ? e.status : -1),
  );

describe('the /v1 backend choosing a chat model', () => {
  it('loads an installed model a request names, once, and lists the installed ones', async () => {
    const { backend, loads } = setup(true);
    expect(backend.loadable()).toEqual(['a', 'b']);
    const [one, two] = await Promise.all([backend.chatFor('b'), backend.chatFor('b')]);
    expect(one.model).toEqual({ id: 'b', contextSize: 1024 });
    expect(two.model.id).toBe('b');
    expect(loads).toEqual(['b']);
    expect(await statusOf(backend.chatFor('nope'))).toBe(404);
  });

  it('with the setting off, says 503 for an installed model that is not loaded, and loads nothing', async () => {
    const { backend, loads } = setup(false);
    expect(backend.loadable()).toEqual([]);
    expect((await backend.chatFor('a')).model.id).toBe('a');
    expect(await statusOf(backend.chatFor('b'))).toBe(503);
    expect(loads).toEqual([]);
  });
});
