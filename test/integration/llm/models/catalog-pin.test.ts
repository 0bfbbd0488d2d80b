// A catalog entry with a pinned sha256 against the loopback "Hugging Face": the file must match the
// catalog, and a file replaced upstream (its X-Linked-ETag no longer the catalog's) is refused.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { download } from '../../../../src-main/llm/models/download.js';
import type { CatalogEntry } from '../../../../src-shared/domain/models.js';
import { tempDir } from '../../../support/tmp.js';
import { type FileServer, startFileServer } from './file-server.js';
import { openManager, TEST_CATALOG, TINY, TINY_SHA } from './support.js';

const GGUF = readFileSync(TINY);
/** The same model, one weight byte changed: what a re-upload under the same name looks like. */
const REPLACED = Buffer.from(GGUF);
REPLACED.writeUInt8(REPLACED.readUInt8(REPLACED.length - 10) ^ 0xff, REPLACED.length - 10);

const PINNED: CatalogEntry[] = [
  {
    ...TEST_CATALOG[0]!,
    id: 'tiny-pinned',
    sha256: TINY_SHA,
    verify: 'sha256',
    source: 'test/tiny-GGUF@test',
  },
];

describe('catalog entries with a pinned sha256', () => {
  let srv: FileServer;
  const files: Record<string, Buffer> = {};

  beforeAll(async () => {
    srv = await startFileServer(files);
  });
  afterAll(() => srv.close());

  it('downloads the file when Hugging Face publishes the catalog hash', async () => {
    srv.reset();
    files['tiny.gguf'] = GGUF;
    const dir = tempDir();
    const h = openManager(dir, srv.base, { catalog: PINNED });
    const done = await h.manager.settled(h.manager.pull('tiny-pinned').id);
    expect(done).toMatchObject({ state: 'ready', sha256: TINY_SHA, sizeBytes: GGUF.length });
    expect(readFileSync(join(dir, 'models', 'tiny-pinned.gguf')).equals(GGUF)).toBe(true);
    // Asked before any byte: the resolve URL, without following its redirect.
    expect(srv.requests[0]).toMatchObject({ method: 'HEAD', path: '/test/tiny-GGUF/resolve/main/tiny.gguf' });
    h.close();
  });

  it('refuses a file replaced upstream before fetching it, and deletes what an earlier try left', async () => {
    srv.reset();
    files['tiny.gguf'] = GGUF;
    srv.behaviour.slow = true;
    srv.behaviour.slowBytes = 16 * 1024;
    const dir = tempDir();
    const h = openManager(dir, srv.base, { catalog: PINNED });
    const part = join(dir, 'models', 'tiny-pinned.gguf.part');
    h.manager.pull('tiny-pinned');
    await expect.poll(() => existsSync(part), { timeout: 5000 }).toBe(true);
    expect(await h.manager.pause('tiny-pinned')).toMatchObject({ state: 'paused' });

    // Upstream re-uploads the file under the same name: its LFS sha256 changes.
    files['tiny.gguf'] = REPLACED;
    srv.reset();
    h.manager.resume('tiny-pinned');
    const failed = await h.manager.settled('tiny-pinned');
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatch(/replaced upstream/);
    expect(failed.error).toContain(TINY_SHA.slice(0, 12));
    expect(existsSync(part)).toBe(false);
    expect(existsSync(join(dir, 'models', 'tiny-pinned.gguf'))).toBe(false);
    expect(srv.requests.filter((r) => r.method === 'GET')).toEqual([]);
    expect(h.progress.at(-1)).toMatchObject({ id: 'tiny-pinned', state: 'failed' });
    h.close();
  });

  it('checks the body against the catalog even when the server advertises nothing', async () => {
    srv.reset();
    files['tiny.gguf'] = REPLACED;
    const dest = join(tempDir(), 'direct.gguf');
    // A plain server (no X-Linked-ETag): only the finished file's hash can tell.
    await expect(
      download({ url: `${srv.base}/files/tiny.gguf`, dest, sha256: TINY_SHA }),
    ).rejects.toMatchObject({
      code: 'CHECKSUM_MISMATCH',
    });
    // A server that says, on the file itself, that it is another file: refused before the body.
    srv.behaviour.etag = 'ab'.repeat(32);
    await expect(
      download({ url: `${srv.base}/files/tiny.gguf`, dest, sha256: TINY_SHA }),
    ).rejects.toMatchObject({
      code: 'UPSTREAM_CHANGED',
    });
    expect(existsSync(dest)).toBe(false);
    expect(existsSync(`${dest}.part`)).toBe(false);
  });
});
