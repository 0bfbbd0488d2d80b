import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defaultThreads } from '../../../src-main/llm/engine/child/threads.js';
import {
  EngineCrashedError,
  EngineError,
  EngineHost,
  EngineTimeoutError,
} from '../../../src-main/llm/engine/host/engine-host.js';
import { ROOT } from '../../support/sahel-process.js';

const MODEL = join(ROOT, '..', 'shared', 'models', 'llama-2-tiny-random.gguf');
// Random weights: a fixed seed and temperature keep each run the same length and content.
const GEN = { maxTokens: 12, temperature: 0, seed: 1 } as const;

let dir: string;
let host: EngineHost;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sahel-llm-'));
  host = new EngineHost({ gpu: 'cpu' });
});

afterAll(async () => {
  await host.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('the LLM engine in its own process', () => {
  it('reports the hardware and loads the model', async () => {
    const hw = await host.hardware();
    expect(hw.backend).toBe('cpu');
    expect(hw.ram.total).toBeGreaterThan(0);
    expect(hw.cpuThreads).toBeGreaterThan(0);
    const model = await host.load({ modelPath: MODEL, contextSize: 512 });
    expect(model.modelPath).toBe(MODEL);
    expect(model.contextSize).toBe(512);
    expect(model.gpuLayers).toBe(0);
    expect(model.threads).toBe(defaultThreads(hw.cpuMathCores));
    expect(host.loaded).toEqual(model);
    expect(host.pid).toBeTypeOf('number');
    expect(host.pid).not.toBe(process.pid);
  });

  it('streams text in pieces before done (at most one message per frame), and done counts the tokens', async () => {
    const events: string[] = [];
    const h = host.generate({ prompt: 'Once upon a time', ...GEN }, { onToken: () => events.push('token') });
    const texts: string[] = [];
    for await (const t of h) texts.push(t);
    const done = await h.done;
    events.push('done');
    expect(texts.length).toBeGreaterThan(1);
    expect(events.at(-1)).toBe('done');
    expect(events.filter((e) => e === 'token')).toHaveLength(texts.length);
    expect(done.reason).toBe('maxTokens');
    expect(done.tokens).toBe(GEN.maxTokens);
    expect(done.tokens).toBeGreaterThanOrEqual(texts.length);
    expect(done.timings.ttftMs).toBeGreaterThan(0);
    expect(done.timings.tokensPerSecond).toBeGreaterThan(0);
  });

  it('takes chat messages', async () => {
    const h = host.generate({
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Hello' },
      ],
      ...GEN,
      maxTokens: 4,
    });
    const done = await h.done;
    expect(done.tokens).toBeGreaterThan(0);
    expect(['maxTokens', 'eos']).toContain(done.reason);
  });

  it('fails a request the channel cannot carry as a bad request, and keeps the engine', async () => {
    const pid = host.pid;
    const grammar = { type: 'object', bad: () => 0 } as unknown as Record<string, unknown>;
    const err = await host.generate({ prompt: 'x', maxTokens: 2, grammar }).done.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).code).toBe('bad-request');
    expect(host.pid).toBe(pid);
  });

  it('cancels mid-generation quickly, then serves the next request', async () => {
    let cancelledAt = 0;
    const h = host.generate(
      { prompt: 'The sea', maxTokens: 400, temperature: 0, seed: 1 },
      {
        onToken: () => {
          if (cancelledAt === 0) {
            cancelledAt = performance.now();
            h.cancel();
          }
        },
      },
    );
    const done = await h.done;
    expect(done.reason).toBe('cancelled');
    expect(performance.now() - cancelledAt).toBeLessThan(2000);
    expect(done.tokens).toBeLessThan(400);
    const next = await host.generate({ prompt: 'Again', ...GEN, maxTokens: 3 }).done;
    expect(next.reason).toBe('maxTokens');
  });

  it('constrains output to a JSON schema even with random weights', async () => {
    // maxLength bounds the string, so the object closes well within maxTokens even from random weights.
    const schema = { type: 'object', properties: { answer: { type: 'string', maxLength: 12 } } };
    const h = host.generate({
      prompt: 'Answer in JSON:',
      maxTokens: 60,
      temperature: 0.8,
      seed: 7,
      grammar: schema,
    });
    let text = '';
    for await (const t of h) text += t;
    const done = await h.done;
    expect(done.reason).toBe('stop');
    const parsed = z
      .object({ answer: z.string().max(12) })
      .strict()
      .parse(JSON.parse(text));
    expect(parsed.answer).toBeTypeOf('string');
  });

  it('survives a truncated GGUF: a typed error, then the good model loads and generates', async () => {
    const bad = join(dir, 'truncated.gguf');
    const bytes = readFileSync(MODEL);
    writeFileSync(bad, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const err = await host.load({ modelPath: bad }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect(['model-load-failed', 'crashed']).toContain((err as EngineError).code);
    expect(host.loaded).toBeUndefined();
    await host.load({ modelPath: MODEL, contextSize: 512 });
    const done = await host.generate({ prompt: 'Still here', ...GEN, maxTokens: 3 }).done;
    expect(done.tokens).toBe(3);
  });

  it('fails the in-flight request when the engine is killed, and restarts for the next one', async () => {
    copyFileSync(MODEL, join(dir, 'copy.gguf'));
    const before = host.pid;
    let killed = false;
    const h = host.generate(
      { prompt: 'Crash', maxTokens: 400, temperature: 0, seed: 1 },
      {
        onToken: () => {
          if (!killed && before) {
            killed = true;
            process.kill(before, 'SIGKILL');
          }
        },
      },
    );
    const err = await h.done.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineCrashedError);
    expect((err as Error).message).toMatch(/stopped unexpectedly/);
    await expect(async () => {
      for await (const _ of h) {
        // drain
      }
    }).rejects.toBeInstanceOf(EngineCrashedError);
    // The host restarts the engine and reloads the last good model by itself.
    const done = await host.generate({ prompt: 'After', ...GEN, maxTokens: 3 }).done;
    expect(done.tokens).toBe(3);
    expect(host.pid).not.toBe(before);
    expect(host.loaded?.modelPath).toBe(MODEL);
  });
});

describe('a hung engine', () => {
  it('times out the request, kills the engine, and serves the next request from a fresh one', async () => {
    const hung = new EngineHost({ gpu: 'cpu', tokenTimeoutMs: 3000 });
    let last: number | undefined;
    try {
      await hung.load({ modelPath: MODEL, contextSize: 512 });
      const before = hung.pid;
      let stopped = false;
      const h = hung.generate(
        { prompt: 'Hang', maxTokens: 400, temperature: 0, seed: 1 },
        {
          onToken: () => {
            if (!stopped && before) {
              stopped = true;
              // A stopped process is the most faithful hang: alive, channel open, silent.
              process.kill(before, 'SIGSTOP');
            }
          },
        },
      );
      const err = await h.done.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EngineTimeoutError);
      expect((err as Error).message).toMatch(/stopped responding for 3 s/);
      const done = await hung.generate({ prompt: 'Awake', ...GEN, maxTokens: 3 }).done;
      expect(done.tokens).toBe(3);
      expect(hung.pid).not.toBe(before);
      last = hung.pid;
    } finally {
      await hung.dispose();
    }
    // dispose() resolves only once the process is gone.
    expect(last).toBeTypeOf('number');
    expect(() => process.kill(last as number, 0)).toThrow();
    const after = await hung.generate({ prompt: 'x', maxTokens: 1 }).done.catch((e: unknown) => e);
    expect((after as EngineError).code).toBe('disposed');
    expect(hung.pid).toBeUndefined();
  });
});
