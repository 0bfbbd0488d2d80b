// `sahel serve` answers /v1/embeddings with the embedding model the user chose (`models use-embedding`
// against the running owner), with no chat model loaded at all.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../support/cli.js';
import { type Served, startServe } from '../../../support/sahel-process.js';
import { TINY } from './support.js';

describe('/v1/embeddings with the chosen embedding model', () => {
  const root = mkdtempSync(join(tmpdir(), 'sahel-embedding-serve-'));
  const dataDir = join(root, 'data');
  let served: Served;
  const sahel = (args: string[]) => runCli(args, { dataDir, env: { SAHEL_GPU: 'cpu' }, timeoutMs: 60_000 });
  const v1 = (path: string, body?: unknown) =>
    fetch(`${served.base}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${served.token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  beforeAll(async () => {
    served = await startServe(dataDir, [], 'serve', { SAHEL_GPU: 'cpu' });
  }, 60_000);
  afterAll(async () => {
    await served?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('embeds with the chosen model, lists it, and says 503 once it is switched off', async () => {
    // Nothing loaded, nothing chosen: no model to embed with.
    expect((await v1('/v1/embeddings', { model: 'x', input: 'hello' })).status).toBe(503);
    expect((await sahel(['models', 'import', TINY, '--purpose', 'embedding'])).code).toBe(0);
    const chosen = await sahel(['models', 'use-embedding', 'llama-2-tiny-random']);
    expect(chosen.code, chosen.stderr).toBe(0);

    const res = await v1('/v1/embeddings', { model: 'llama-2-tiny-random', input: ['harbour', 'kitten'] });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { model: string; data: { index: number; embedding: number[] }[] };
    expect(body.model).toBe('llama-2-tiny-random');
    expect(body.data.map((d) => d.index)).toEqual([0, 1]);
    // The tiny test model's embedding width.
    expect(body.data.every((d) => d.embedding.length === 8 && d.embedding.every(Number.isFinite))).toBe(true);
    const listed = (await (await v1('/v1/models')).json()) as { data: { id: string }[] };
    expect(listed.data.map((m) => m.id)).toEqual(['llama-2-tiny-random']);

    expect((await sahel(['models', 'use-embedding', 'none'])).code).toBe(0);
    expect((await v1('/v1/embeddings', { model: 'llama-2-tiny-random', input: 'hello' })).status).toBe(503);
  }, 120_000);
});
