import { existsSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../../src-main/platform/log.js';
import type { SahelError } from '../../../../src-shared/errors.js';
import { craftedCounts } from '../../../support/gguf-writer.js';
import { tempDir } from '../../../support/tmp.js';
import { type FileServer, startFileServer } from './file-server.js';
import { openManager, TINY, TINY_SHA } from './support.js';

const GGUF = readFileSync(TINY);

describe('the model manager: downloads', () => {
  let srv: FileServer;

  beforeAll(async () => {
    srv = await startFileServer({ 'tiny.gguf': GGUF, 'noise.gguf': Buffer.alloc(300_000, 7) });
  });
  afterAll(() => srv.close());

  it('pulls a catalog model from the Hugging Face endpoint, checked against X-Linked-ETag', async () => {
    srv.reset();
    const dir = tempDir();
    const h = openManager(dir, srv.base);
    const started = h.manager.pull('tiny-llama');
    expect(started).toMatchObject({ id: 'tiny-llama', state: 'downloading', source: 'catalog', owned: true });
    const done = await h.manager.settled('tiny-llama');
    expect(done).toMatchObject({
      state: 'ready',
      sha256: TINY_SHA,
      bytes: GGUF.length,
      architecture: 'llama',
    });
    expect(done.contextLength).toBe(4096);
    expect(readFileSync(join(dir, 'models', 'tiny-llama.gguf')).equals(GGUF)).toBe(true);
    // The probe asked the resolve URL without following it; the body came from the redirect target.
    expect(srv.requests[0]).toMatchObject({ method: 'HEAD', path: '/test/tiny-GGUF/resolve/main/tiny.gguf' });
    expect(srv.requests.some((r) => r.method === 'GET' && r.path === '/files/tiny.gguf')).toBe(true);
    const last = h.progress.at(-1)!;
    expect(last).toMatchObject({ id: 'tiny-llama', state: 'ready', bytes: GGUF.length, total: GGUF.length });
    expect(h.changed.flat()).toContain('tiny-llama');
    await expect(Promise.resolve().then(() => h.manager.pull('tiny-llama'))).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    h.close();
  });

  it('resumes with a Range request after the connection drops mid-file', async () => {
    srv.reset();
    srv.behaviour.dropAfter = 600_000;
    const h = openManager(tempDir(), srv.base);
    const m = h.manager.pull('hf:someone/tiny-GGUF/tiny.gguf');
    expect(m.id).toBe('tiny');
    expect(await h.manager.settled(m.id)).toMatchObject({ state: 'ready', sha256: TINY_SHA });
    const gets = srv.requests.filter((r) => r.method === 'GET' && r.path === '/files/tiny.gguf');
    expect(gets.length).toBe(2);
    expect(Number(/\d+/.exec(gets[1]!.range ?? '')?.[0])).toBeGreaterThan(0);
    h.close();
  });

  it('fails a file whose sha256 does not match, deleting it; resuming starts over', async () => {
    srv.reset();
    const corrupt = Buffer.from(GGUF);
    corrupt.writeUInt8(corrupt.readUInt8(corrupt.length - 10) ^ 0xff, corrupt.length - 10);
    srv.behaviour.corrupt = corrupt;
    const dir = tempDir();
    const h = openManager(dir, srv.base);
    const failed = await h.manager.settled(h.manager.pull('tiny-llama').id);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatch(/sha256/);
    expect(existsSync(join(dir, 'models', 'tiny-llama.gguf'))).toBe(false);
    expect(existsSync(join(dir, 'models', 'tiny-llama.gguf.part'))).toBe(false);
    expect(h.progress.at(-1)).toMatchObject({ state: 'failed' });
    srv.behaviour.corrupt = null;
    h.manager.resume('tiny-llama');
    expect(await h.manager.settled('tiny-llama')).toMatchObject({ state: 'ready', sha256: TINY_SHA });
    h.close();
  });

  it('fails a download that is not a GGUF even when no hash was published', async () => {
    srv.reset();
    const h = openManager(tempDir(), srv.base);
    const m = h.manager.pull(`${srv.base}/files/noise.gguf`);
    const done = await h.manager.settled(m.id);
    expect(done.state).toBe('failed');
    expect(done.error).toBe(
      'The download was deleted: noise.gguf is not a GGUF model file (it does not start with "GGUF")',
    );
    expect(existsSync(m.path)).toBe(false);
    h.close();
  });

  it('pauses keeping the part, stays paused across a restart, and resumes from the part', async () => {
    srv.reset();
    srv.behaviour.slow = true;
    const dir = tempDir();
    const h = openManager(dir, srv.base);
    const m = h.manager.pull('tiny-llama');
    await expect.poll(() => h.progress.some((p) => p.bytes > 256 * 1024), { timeout: 10_000 }).toBe(true);
    const paused = await h.manager.pause(m.id);
    expect(paused.state).toBe('paused');
    const kept = statSync(`${m.path}.part`).size;
    expect(kept).toBeGreaterThan(256 * 1024);
    expect(paused.bytes).toBe(kept);
    h.close();

    srv.behaviour.slow = false;
    const again = openManager(dir, srv.base);
    again.manager.resumeInterrupted();
    expect(again.manager.get(m.id).state).toBe('paused');
    again.manager.resume(m.id);
    expect(await again.manager.settled(m.id)).toMatchObject({ state: 'ready', sha256: TINY_SHA });
    expect(srv.requests.filter((r) => r.method === 'GET').at(-1)!.range).toBe(`bytes=${kept}-`);
    again.close();
  });

  it('carries on a download interrupted by closing the app when it starts again', async () => {
    srv.reset();
    srv.behaviour.slow = true;
    const dir = tempDir();
    const h = openManager(dir, srv.base);
    const m = h.manager.pull('tiny-llama');
    await expect.poll(() => h.progress.some((p) => p.bytes > 128 * 1024), { timeout: 10_000 }).toBe(true);
    h.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(existsSync(`${m.path}.part`)).toBe(true);

    srv.behaviour.slow = false;
    const again = openManager(dir, srv.base);
    expect(again.manager.get(m.id).state).toBe('downloading');
    again.manager.resumeInterrupted();
    expect(await again.manager.settled(m.id)).toMatchObject({ state: 'ready', sha256: TINY_SHA });
    expect(srv.requests.filter((r) => r.method === 'GET').at(-1)!.range).toMatch(/^bytes=[1-9]\d*-$/);
    again.close();
  });

  it('cancels a download, deleting its part and its row', async () => {
    srv.reset();
    srv.behaviour.slow = true;
    const h = openManager(tempDir(), srv.base);
    const m = h.manager.pull('tiny-llama');
    await expect.poll(() => h.progress.length, { timeout: 10_000 }).toBeGreaterThan(0);
    await h.manager.cancel(m.id);
    expect(existsSync(`${m.path}.part`)).toBe(false);
    expect(h.manager.list()).toEqual([]);
    h.close();
  });

  it('keeps why a download failed in its state and message, and logs each attempt without its URL', async () => {
    srv.reset();
    srv.behaviour.fail5xx = 100;
    const dir = tempDir();
    const logFile = join(dir, 'log', 'sahel.log');
    const h = openManager(dir, srv.base, { log: createLogger({ file: logFile, level: 'warn' }), retries: 2 });
    const done = await h.manager.settled(h.manager.pull('tiny-llama').id);
    const why = 'The download failed after 3 attempts; the last: the server answered 503 Service Unavailable';
    expect(done).toMatchObject({ state: 'failed', error: why });
    expect(h.progress.at(-1)).toMatchObject({ state: 'failed', error: why });
    h.close();
    const log = readFileSync(logFile, 'utf8');
    const lines = log
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.msg, l.attempt ?? l.code])).toEqual([
      ['model download attempt failed', 1],
      ['model download attempt failed', 2],
      ['model download attempt failed', 3],
      ['model download failed', 'NETWORK'],
    ]);
    expect(lines[0]).toMatchObject({
      id: 'tiny-llama',
      of: 3,
      cause: 'the server answered 503 Service Unavailable',
    });
    expect(log).not.toContain(srv.base.replace('http://', ''));
  });

  it('names a refused connection as the cause', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const h = openManager(tempDir(), srv.base, { retries: 1 });
    const m = h.manager.pull(`http://127.0.0.1:${port}/files/gone.gguf?token=secret`);
    expect(await h.manager.settled(m.id)).toMatchObject({
      state: 'failed',
      error: 'The download failed after 2 attempts; the last: the server refused the connection',
    });
    h.close();
  });

  it('refuses what is not a catalog id, an hf: URI or an http(s) .gguf URL', () => {
    const h = openManager(tempDir(), srv.base);
    for (const bad of ['nope', 'hf:only/two', 'file:///etc/passwd', 'https://example.com/model.bin']) {
      expect(() => h.manager.pull(bad)).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    }
    h.close();
  });
});

describe('the model manager: imports and removal', () => {
  it('imports a GGUF where it is, and removing it forgets it without deleting the file', async () => {
    const dir = tempDir();
    const h = openManager(dir, 'http://127.0.0.1:9');
    const m = await h.manager.importFile(TINY);
    expect(m).toMatchObject({ id: 'llama-2-tiny-random', source: 'import', owned: false, state: 'ready' });
    expect(m).toMatchObject({ path: TINY, sha256: TINY_SHA, architecture: 'llama', bytes: GGUF.length });
    await h.manager.remove(m.id);
    expect(h.manager.list()).toEqual([]);
    expect(existsSync(TINY)).toBe(true);
    h.close();
  });

  it('refuses to import the same file twice, by its path or through a symlink, naming the model', async () => {
    const dir = tempDir();
    const h = openManager(dir, 'http://127.0.0.1:9');
    const m = await h.manager.importFile(TINY);
    const link = join(dir, 'link.gguf');
    symlinkSync(TINY, link);
    for (const again of [TINY, link]) {
      const err = await h.manager.importFile(again).catch((e: unknown) => e as SahelError);
      expect(err).toMatchObject({ code: 'CONFLICT' });
      expect((err as SahelError).message).toBe(
        `${again} is already imported as ${m.id}; remove that model first to import it again`,
      );
    }
    expect(h.manager.list().map((x) => x.id)).toEqual([m.id]);
    h.close();
  });

  it('refuses files that are not GGUF, damaged headers and missing files, with typed errors', async () => {
    const dir = tempDir();
    const h = openManager(dir, 'http://127.0.0.1:9');
    const text = join(dir, 'notes.gguf');
    writeFileSync(text, 'hello, not a model');
    await expect(h.manager.importFile(text)).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: 'notes.gguf is not a GGUF model file (it does not start with "GGUF")',
    });
    const cut = join(dir, 'cut.gguf');
    writeFileSync(cut, GGUF.subarray(0, 64));
    await expect(h.manager.importFile(cut)).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringMatching(
        /^cut\.gguf is not a usable GGUF file: it claims 12 tensors and 18 metadata/,
      ),
    });
    // Cut inside the tensor table: the header's counts fit, its end does not.
    writeFileSync(cut, GGUF.subarray(0, 1_200_000));
    await expect(h.manager.importFile(cut)).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringMatching(/^cut\.gguf is not a usable GGUF file: .*cut short/),
    });
    await expect(h.manager.importFile(join(dir, 'none.gguf'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(h.manager.importFile('relative.gguf')).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(h.manager.list()).toEqual([]);
    h.close();
  });

  it('refuses to remove the loaded model, and deletes a downloaded file on removal', async () => {
    const srv = await startFileServer({ 'tiny.gguf': GGUF });
    const dir = tempDir();
    let loaded = 'tiny-llama';
    const h = openManager(dir, srv.base, { isLoaded: (id) => id === loaded });
    await h.manager.settled(h.manager.pull('tiny-llama').id);
    expect(h.manager.get('tiny-llama').loaded).toBe(true);
    await expect(h.manager.remove('tiny-llama')).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/unload/),
    });
    loaded = '';
    await h.manager.remove('tiny-llama');
    expect(existsSync(join(dir, 'models', 'tiny-llama.gguf'))).toBe(false);
    h.close();
    await srv.close();
  });

  it('does not hand the engine an embedding model whose file changed size since it was checked', async () => {
    const dir = tempDir();
    const copy = join(dir, 'embed.gguf');
    writeFileSync(copy, GGUF);
    const h = openManager(dir, 'http://127.0.0.1:9');
    const m = await h.manager.importFile(copy, 'embedding');
    h.manager.setEmbedding(m.id);
    expect(h.manager.embeddingTarget()).toEqual({ id: m.id, path: copy });
    writeFileSync(copy, craftedCounts(2n ** 64n - 1n, 0n));
    expect(h.manager.embeddingTarget()).toBeUndefined();
    writeFileSync(copy, GGUF);
    expect(h.manager.embeddingTarget()).toEqual({ id: m.id, path: copy });
    h.close();
  });

  it('shows a model whose file disappeared as missing', async () => {
    const dir = tempDir();
    const copy = join(dir, 'copy.gguf');
    writeFileSync(copy, GGUF);
    const h = openManager(dir, 'http://127.0.0.1:9');
    const m = await h.manager.importFile(copy);
    writeFileSync(copy, '');
    const { rmSync } = await import('node:fs');
    rmSync(copy);
    expect(h.manager.get(m.id)).toMatchObject({
      state: 'missing',
      error: expect.stringMatching(/no longer there/),
    });
    await expect(h.manager.loadTarget(m.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    h.close();
  });
});
