import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DownloadError, type DownloadProgress, download } from '../../../src-main/llm/models/download.js';
import { tempDir } from '../../support/tmp.js';

const FILE = randomBytes(3 * 1024 * 1024 + 123);
const SHA = createHash('sha256').update(FILE).digest('hex');

/**
 * A loopback file server with the failures downloads meet: a connection dropped mid-file, a server
 * that ignores Range, 5xx errors, a slow trickle (to pause), and Hugging Face's X-Linked-ETag header.
 */
function fileServer() {
  const behaviour = {
    dropAfter: 0,
    ignoreRange: false,
    fail5xx: 0,
    slow: false,
    etag: null as string | null,
  };
  const requests: { range: string | undefined }[] = [];
  const server = createServer((req, res) => {
    requests.push({ range: req.headers.range });
    if (behaviour.fail5xx > 0) {
      behaviour.fail5xx--;
      res.writeHead(503).end();
      return;
    }
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = m && !behaviour.ignoreRange ? Number(m[1]) : 0;
    if (start > FILE.length) {
      res.writeHead(416).end();
      return;
    }
    const headers: Record<string, string> = { 'Content-Length': String(FILE.length - start) };
    if (behaviour.etag) headers['X-Linked-ETag'] = `"${behaviour.etag}"`;
    if (start > 0) headers['Content-Range'] = `bytes ${start}-${FILE.length - 1}/${FILE.length}`;
    res.writeHead(start > 0 ? 206 : 200, headers);
    const body = FILE.subarray(start);
    if (behaviour.dropAfter > 0) {
      const cut = behaviour.dropAfter;
      behaviour.dropAfter = 0;
      res.write(body.subarray(0, cut), () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    }
    if (behaviour.slow) {
      let off = 0;
      const tick = setInterval(() => {
        if (res.destroyed || off >= body.length) {
          clearInterval(tick);
          res.end();
          return;
        }
        res.write(body.subarray(off, off + 64 * 1024));
        off += 64 * 1024;
      }, 20);
      return;
    }
    res.end(body);
  });
  return { server, behaviour, requests };
}

describe('model downloads', () => {
  let srv: ReturnType<typeof fileServer>;
  let url: string;

  beforeAll(async () => {
    srv = fileServer();
    await new Promise<void>((r) => srv.server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(srv.server.address() as AddressInfo).port}/model.gguf`;
  });
  afterAll(() => new Promise<void>((r) => (srv.server as Server).close(() => r())));

  const reset = () => {
    Object.assign(srv.behaviour, { dropAfter: 0, ignoreRange: false, fail5xx: 0, slow: false, etag: null });
    srv.requests.length = 0;
  };

  it('downloads, reports progress, checks the sha256 and renames into place', async () => {
    reset();
    const dest = join(tempDir(), 'm.gguf');
    const seen: DownloadProgress[] = [];
    const res = await download({ url, dest, sha256: SHA }, { onProgress: (p) => seen.push(p) });
    expect(res).toEqual({ sha256: SHA, size: FILE.length });
    expect(readFileSync(dest).equals(FILE)).toBe(true);
    expect(existsSync(`${dest}.part`)).toBe(false);
    expect(seen.at(-1)).toMatchObject({ bytes: FILE.length, total: FILE.length });
    expect(statSync(dest).mode & 0o777).toBe(0o600);
  });

  it('resumes with a Range request after the connection drops mid-file', async () => {
    reset();
    srv.behaviour.dropAfter = 1024 * 1024;
    const dest = join(tempDir(), 'm.gguf');
    const res = await download({ url, dest, sha256: SHA }, { retryDelayMs: 10 });
    expect(res.sha256).toBe(SHA);
    expect(srv.requests.length).toBe(2);
    expect(srv.requests[1]!.range).toMatch(/^bytes=\d+-$/);
    expect(Number(/\d+/.exec(srv.requests[1]!.range!)![0])).toBeGreaterThan(0);
  });

  it('pauses, and resumes in a later call (as after a restart) from the part file', async () => {
    reset();
    srv.behaviour.slow = true;
    const dest = join(tempDir(), 'm.gguf');
    const ctl = new AbortController();
    const first = download(
      { url, dest, sha256: SHA },
      { signal: ctl.signal, onProgress: (p) => p.bytes > 512 * 1024 && ctl.abort() },
    );
    await expect(first).rejects.toMatchObject({ code: 'PAUSED' });
    const kept = statSync(`${dest}.part`).size;
    expect(kept).toBeGreaterThan(0);
    srv.behaviour.slow = false;
    const res = await download({ url, dest, sha256: SHA });
    expect(res.sha256).toBe(SHA);
    expect(srv.requests.at(-1)!.range).toBe(`bytes=${kept}-`);
  });

  it('starts over when the server ignores Range, and retries after 5xx', async () => {
    reset();
    const dest = join(tempDir(), 'm.gguf');
    writeFileSync(`${dest}.part`, FILE.subarray(0, 1000));
    srv.behaviour.ignoreRange = true;
    srv.behaviour.fail5xx = 2;
    const res = await download({ url, dest, sha256: SHA }, { retryDelayMs: 10 });
    expect(res).toEqual({ sha256: SHA, size: FILE.length });
    expect(readFileSync(dest).equals(FILE)).toBe(true);
  });

  it('deletes a download whose sha256 is wrong, from the catalog or from X-Linked-ETag', async () => {
    reset();
    const dest = join(tempDir(), 'm.gguf');
    await expect(download({ url, dest, sha256: 'ab'.repeat(32) })).rejects.toMatchObject({
      code: 'CHECKSUM_MISMATCH',
    });
    expect(existsSync(dest)).toBe(false);
    expect(existsSync(`${dest}.part`)).toBe(false);
    srv.behaviour.etag = 'cd'.repeat(32);
    await expect(download({ url, dest })).rejects.toBeInstanceOf(DownloadError);
    srv.behaviour.etag = SHA;
    await expect(download({ url, dest })).resolves.toMatchObject({ sha256: SHA });
  });

  it('gives up after the retries, keeping the part for a later resume, and refuses non-http URLs', async () => {
    reset();
    srv.behaviour.fail5xx = 10;
    const dest = join(tempDir(), 'm.gguf');
    await expect(download({ url, dest }, { retries: 2, retryDelayMs: 5 })).rejects.toMatchObject({
      code: 'NETWORK',
    });
    await expect(download({ url: 'file:///etc/passwd', dest })).rejects.toMatchObject({ code: 'BAD_URL' });
  });
});
