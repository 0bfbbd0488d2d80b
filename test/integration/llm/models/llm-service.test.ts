import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LlmService } from '../../../../src-main/llm/llm-service.js';
import type { EngineStatus } from '../../../../src-shared/domain/models.js';
import { silentLogger } from '../../../support/logger.js';
import { tempDir } from '../../../support/tmp.js';
import { type Harness, openManager, TINY } from './support.js';

describe('the LLM service with the real engine', () => {
  let llm: LlmService;
  let h: Harness;
  const statuses: EngineStatus[] = [];

  beforeAll(() => {
    llm = new LlmService({ log: silentLogger(), gpu: 'cpu', watchMs: 50, onStatus: (s) => statuses.push(s) });
    h = openManager(tempDir(), 'http://127.0.0.1:9', { isLoaded: (id) => llm.loaded()?.id === id });
  });
  afterAll(async () => {
    h.close();
    await llm.dispose();
  });

  it('reports the hardware', async () => {
    const hw = await llm.hardware();
    expect(hw.backend).toBe('cpu');
    expect(hw.ram.total).toBeGreaterThan(0);
    expect(hw.cpuMathCores).toBeGreaterThan(0);
    expect(llm.status()).toMatchObject({ state: 'stopped', model: null, backend: 'cpu' });
  });

  it('loads an imported model, says so, and generates through engine()', async () => {
    const m = await h.manager.importFile(TINY);
    const status = await llm.load(await h.manager.loadTarget(m.id), { contextSize: 512 });
    expect(status).toMatchObject({ state: 'ready', loading: null, error: null });
    expect(status.model).toMatchObject({ id: m.id, path: TINY, contextSize: 512, gpuLayers: 0 });
    expect(statuses.map((s) => s.state)).toEqual(['loading', 'ready']);
    expect(h.manager.get(m.id).loaded).toBe(true);
    const out = llm.engine().generate({ prompt: 'Hello', maxTokens: 4, temperature: 0, seed: 1 });
    expect((await out.done).tokens).toBeGreaterThan(0);
    await expect(h.manager.remove(m.id)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('reports a crash, and ready again once the engine brought the model back', async () => {
    statuses.length = 0;
    process.kill(llm.engine().pid!, 'SIGKILL');
    await expect.poll(() => llm.status().state, { timeout: 5000 }).toBe('crashed');
    expect(llm.status().error).toMatch(/restarts/);
    expect(llm.loaded()?.path).toBe(TINY);
    await llm.engine().generate({ prompt: 'Again', maxTokens: 2, temperature: 0, seed: 1 }).done;
    await expect.poll(() => llm.status().state, { timeout: 5000 }).toBe('ready');
    expect(statuses.map((s) => s.state)).toEqual(['crashed', 'ready']);
  });

  it('unloads, and a load failure leaves a clear state and a typed error', async () => {
    const stopped = await llm.unload();
    expect(stopped).toMatchObject({ state: 'stopped', model: null });
    const bad = { id: 'bad', name: 'Bad', path: '/nonexistent/bad.gguf', fileBytes: 10, meta: null };
    await expect(llm.load(bad)).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(llm.status()).toMatchObject({ state: 'failed', model: null });
    expect(llm.status().error).toBeTruthy();
  });

  it('refuses a model this machine cannot hold, before the engine tries', async () => {
    const hw = await llm.hardware();
    const huge = { id: 'huge', name: 'Huge', path: TINY, fileBytes: hw.ram.total * 2, meta: null };
    const before = statuses.length;
    await expect(llm.load(huge)).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/does not fit/),
    });
    // Refused before loading: no 'loading' state, and the engine never saw the request.
    expect(statuses.length).toBe(before);
  });
});
