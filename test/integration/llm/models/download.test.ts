import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DownloadError, type DownloadProgress, download } from '../../../../src-main/llm/models/download.js';
import { tempDir } from '../../../support/tmp.js';
import { type FileServer, startFileServer } from './file-server.js';

const FILE = randomBytes(3 * 1024 * 1024 + 123);
const SHA = createHash('sha256').update(FILE).digest('hex');

describe('model downloads', () => {
  let srv: FileServer;
  let url: string;

  beforeAll(async () => {
    srv = await startFileServer({ 'model.gguf': FILE });
    url = `${srv.base}/model.gguf`;
  });
  afterAll(() => srv.close());

  const reset = () => srv.reset();

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
