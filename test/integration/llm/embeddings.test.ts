import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineError, EngineHost } from '../../../src-main/llm/engine/host/engine-host.js';
import { ROOT } from '../../support/sahel-process.js';

const MODEL = join(ROOT, '..', 'shared', 'models', 'llama-2-tiny-random.gguf');

let host: EngineHost;

beforeAll(() => {
  host = new EngineHost({ gpu: 'cpu' });
});

afterAll(async () => {
  await host.dispose();
});

function norm(v: Float32Array): number {
  return Math.sqrt(v.reduce((s, x) => s + x * x, 0));
}

describe('embeddings in the engine process', () => {
  it('frees an embedding GGUF of its own on request, and loads it again for the next embed', async () => {
    await host.embed(['first'], MODEL);
    expect(await host.releaseEmbedder()).toBe(true);
    expect(await host.releaseEmbedder()).toBe(false);
    const [again] = await host.embed(['first'], MODEL);
    expect(again).toHaveLength(8);
  });

  it('fails with no-model-loaded when neither a path nor a loaded model is there', async () => {
    const err = await host.embed(['hello']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).code).toBe('no-model-loaded');
  });

  it('embeds with a separate embedding GGUF: one finite vector per text, all the same length', async () => {
    const texts = ['The harbour at dawn', 'Quarterly tax figures', '', 'The harbour at dawn'];
    const vectors = await host.embed(texts, MODEL);
    expect(vectors).toHaveLength(texts.length);
    const dims = vectors[0]!.length;
    // The tiny test model's embedding width.
    expect(dims).toBe(8);
    for (const v of vectors) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v.length).toBe(dims);
      expect(v.every(Number.isFinite)).toBe(true);
    }
    expect(norm(vectors[0]!)).toBeGreaterThan(0);
    // Deterministic: the same text gives the same vector.
    expect([...vectors[3]!]).toEqual([...vectors[0]!]);
    expect([...vectors[1]!]).not.toEqual([...vectors[0]!]);
  });

  it('cuts a text longer than the embedding context instead of failing the batch', async () => {
    const long = 'word '.repeat(5000);
    const [v] = await host.embed([long], MODEL);
    expect(v!.every(Number.isFinite)).toBe(true);
  });

  it('embeds with the loaded chat model when no path is given, and generation still works', async () => {
    await host.load({ modelPath: MODEL, contextSize: 512 });
    const a = await host.embed(['alpha beta']);
    const b = await host.embed(['alpha beta'], MODEL);
    expect(a[0]!.length).toBe(b[0]!.length);
    const done = await host.generate({ prompt: 'Hi', maxTokens: 3, temperature: 0, seed: 1 }).done;
    expect(done.tokens).toBe(3);
    // After the chat model is replaced, its old embedding context is gone: a new one is made.
    await host.load({ modelPath: MODEL, contextSize: 256 });
    const c = await host.embed(['alpha beta']);
    expect([...c[0]!]).toEqual([...a[0]!]);
  });

  it('reports a missing embedding GGUF as a failed load and keeps the engine', async () => {
    const pid = host.pid;
    const err = await host.embed(['x'], join(ROOT, 'no-such-model.gguf')).catch((e: unknown) => e);
    expect((err as EngineError).code).toBe('model-load-failed');
    expect(host.pid).toBe(pid);
  });
});
