import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream, statSync, type WriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { fsyncDir } from '../../platform/atomic-write.js';

export type DownloadErrorCode =
  | 'CHECKSUM_MISMATCH'
  | 'SIZE_MISMATCH'
  | 'HTTP_ERROR'
  | 'NETWORK'
  | 'PAUSED'
  | 'BAD_URL'
  /** The server publishes another sha256 than the one expected: upstream replaced the file. */
  | 'UPSTREAM_CHANGED';

export class DownloadError extends Error {
  override readonly name = 'DownloadError';
  constructor(
    readonly code: DownloadErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface DownloadSpec {
  url: string;
  /** The finished file; bytes collect in `<dest>.part` until the whole file checks out. */
  dest: string;
  /** Expected sha256 (hex). Without it, Hugging Face's `X-Linked-ETag` (the LFS sha256) is used. */
  sha256?: string | null;
  size?: number | null;
}

export interface DownloadProgress {
  bytes: number;
  total: number | null;
  /** Bytes per second, smoothed over the last seconds. */
  speed: number;
  /** Seconds left at that speed, when the total is known. */
  eta: number | null;
}

export interface DownloadOptions {
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
  /** Attempts after a dropped connection or a 5xx, each resuming where the last one stopped. */
  retries?: number;
  retryDelayMs?: number;
}

/**
 * Downloads a model file so that it is never silently wrong. Bytes collect in `<dest>.part`; after a
 * dropped connection, a pause or a restart the part is re-hashed and the rest fetched with an HTTP
 * Range request; failures are retried with backoff; the file becomes `dest` only once its size and
 * sha256 match. A mismatch deletes the part, which cannot be trusted to resume from.
 */
export async function download(
  spec: DownloadSpec,
  opts: DownloadOptions = {},
): Promise<{ sha256: string; size: number }> {
  const url = parseUrl(spec.url);
  const part = `${spec.dest}.part`;
  const retries = opts.retries ?? 5;
  let expectedSha = spec.sha256?.toLowerCase() ?? null;
  let total = spec.size ?? null;
  const meter = speedMeter();

  for (let attempt = 0; ; attempt++) {
    if (opts.signal?.aborted) throw new DownloadError('PAUSED', 'Paused');
    let out: WriteStream | undefined;
    // The part file is the truth: a dropped connection may have cut a write short.
    let have = sizeOf(part);
    let hash = createHash('sha256');
    if (have > 0) await hashFile(part, hash);
    try {
      const res = await fetch(url, {
        headers: have > 0 ? { Range: `bytes=${have}-` } : {},
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      if (res.status === 416 && have > 0 && (total === null || have === total)) {
        return await finish(spec.dest, part, hash, total, expectedSha);
      }
      if (res.status >= 500) throw new DownloadError('NETWORK', `The server answered ${res.status}`);
      if (!res.ok || !res.body) throw new DownloadError('HTTP_ERROR', `The server answered ${res.status}`);
      const append = have > 0 && res.status === 206;
      if (!append && have > 0) {
        // The server ignored the range: start over rather than append the file to itself.
        have = 0;
        hash = createHash('sha256');
      }
      const linked = res.headers.get('x-linked-etag')?.replaceAll('"', '').toLowerCase() ?? null;
      if (expectedSha && linked && /^[0-9a-f]{64}$/.test(linked) && linked !== expectedSha) {
        // Fetching it would only end in a mismatch: stop before the first byte, and drop any part.
        await res.body.cancel();
        await rm(part, { force: true });
        throw new DownloadError('UPSTREAM_CHANGED', upstreamChanged(expectedSha, linked));
      }
      expectedSha ??= linked;
      total ??= contentTotal(res, have);
      const tap = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          hash.update(chunk);
          have += chunk.length;
          opts.onProgress?.(meter(have, total));
          cb(null, chunk);
        },
      });
      const body = Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
      out = createWriteStream(part, { flags: append ? 'a' : 'w', mode: 0o600 });
      await pipeline(body, tap, out);
      return await finish(spec.dest, part, hash, total, expectedSha);
    } catch (err) {
      // A write may still be in flight when the pipeline fails: the part file settles (the stream
      // closes after it) before anyone reads its size, this loop or a resume right after a pause.
      if (out && !out.closed) await new Promise<void>((r) => out!.once('close', () => r()));
      if (opts.signal?.aborted) throw new DownloadError('PAUSED', 'Paused');
      if (err instanceof DownloadError && err.code !== 'NETWORK') throw err;
      if (attempt >= retries)
        throw new DownloadError('NETWORK', `The download failed after ${retries + 1} attempts`);
      await new Promise((r) => setTimeout(r, (opts.retryDelayMs ?? 500) * 2 ** attempt));
    }
  }
}

async function finish(
  dest: string,
  part: string,
  hash: Hash,
  total: number | null,
  expectedSha: string | null,
): Promise<{ sha256: string; size: number }> {
  const size = sizeOf(part);
  const sha256 = hash.digest('hex');
  if (total !== null && size !== total) {
    await rm(part, { force: true });
    throw new DownloadError(
      'SIZE_MISMATCH',
      `Expected ${total} bytes, got ${size}; the download was deleted`,
    );
  }
  if (expectedSha && sha256 !== expectedSha) {
    await rm(part, { force: true });
    throw new DownloadError(
      'CHECKSUM_MISMATCH',
      'The file does not match its published sha256; it was deleted',
    );
  }
  const fh = await open(part, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(part, dest);
  fsyncDir(dirname(dest));
  return { sha256, size };
}

export function upstreamChanged(expected: string, published: string): string {
  return (
    `The server now publishes a different file (sha256 ${published.slice(0, 12)}…) than the catalog ` +
    `names (${expected.slice(0, 12)}…); nothing was kept. The file was replaced upstream.`
  );
}

function parseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DownloadError('BAD_URL', 'Not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new DownloadError('BAD_URL', 'Only http(s) URLs');
  return url;
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

async function hashFile(path: string, hash: Hash): Promise<void> {
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
}

/** The whole file's size: Content-Range's total for a 206, Content-Length for a 200. */
function contentTotal(res: Response, have: number): number | null {
  const range = /\/(\d+)$/.exec(res.headers.get('content-range') ?? '');
  if (range) return Number(range[1]);
  const length = res.headers.get('content-length');
  return length && res.status === 200 && have === 0 ? Number(length) : null;
}

function speedMeter(): (bytes: number, total: number | null) => DownloadProgress {
  const samples: { t: number; bytes: number }[] = [];
  return (bytes, total) => {
    const t = performance.now();
    // One sample per 100 ms is plenty for a 5 s window, and keeps the per-chunk cost constant.
    const last = samples.at(-1);
    if (!last || t - last.t >= 100) samples.push({ t, bytes });
    while (samples.length > 2 && t - samples[0]!.t > 5000) samples.shift();
    const first = samples[0]!;
    const speed = t > first.t ? ((bytes - first.bytes) * 1000) / (t - first.t) : 0;
    const eta = total !== null && speed > 0 ? (total - bytes) / speed : null;
    return { bytes, total, speed, eta };
  };
}
