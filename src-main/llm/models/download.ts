import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream, statSync, type WriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { fsyncDir } from '../../platform/index.js';

export type DownloadErrorCode =
  | 'CHECKSUM_MISMATCH'
  | 'SIZE_MISMATCH'
  | 'HTTP_ERROR'
  | 'NETWORK'
  | 'PAUSED'
  | 'BAD_URL'
  /** The part file could not be written (a full disk, no permission): retrying would not help. */
  | 'WRITE_FAILED'
  /** The file arrived whole but its GGUF header is unusable (downloads.ts checks it). */
  | 'NOT_GGUF'
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
  /** Each failed attempt, with its cause in words (never the URL, which may carry a token). */
  onAttemptFailed?: (failure: { attempt: number; of: number; cause: string }) => void;
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
      if (res.status >= 500) throw new DownloadError('NETWORK', answered(res));
      if (!res.ok || !res.body)
        throw new DownloadError('HTTP_ERROR', `The download was refused: ${answered(res)}`);
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
      const { cause, retry } = failureCause(err);
      if (!retry) throw new DownloadError('WRITE_FAILED', `The download stopped: ${cause}`);
      opts.onAttemptFailed?.({ attempt: attempt + 1, of: retries + 1, cause });
      if (attempt >= retries)
        throw new DownloadError(
          'NETWORK',
          `The download failed after ${retries + 1} attempts; the last: ${cause}`,
        );
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

/** "the server answered 503 Service Unavailable" */
function answered(res: Response): string {
  const text = res.statusText.replace(/[^\x20-\x7e]/g, '').slice(0, 80);
  return `the server answered ${res.status}${text ? ` ${text}` : ''}`;
}

const NETWORK_CAUSES: Record<string, string> = {
  ECONNREFUSED: 'the server refused the connection',
  ECONNRESET: 'the connection was dropped',
  UND_ERR_SOCKET: 'the connection was dropped',
  EPIPE: 'the connection was dropped',
  ENOTFOUND: "the server's name could not be resolved",
  EAI_AGAIN: "the server's name could not be resolved (DNS)",
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  UND_ERR_HEADERS_TIMEOUT: 'the server did not answer in time',
  UND_ERR_BODY_TIMEOUT: 'the server stopped sending',
  ENETUNREACH: 'the network is unreachable',
  EHOSTUNREACH: 'the server is unreachable',
};

/** Errors writing the part file: another attempt would meet the same disk. */
const DISK_CAUSES: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exhausted',
  EACCES: 'the models folder cannot be written (permission denied)',
  EROFS: 'the models folder is on a read-only disk',
};

/**
 * Why an attempt failed, in words: an HTTP status, or a network or disk error by its code. Built
 * from codes only, so no URL (which may carry a token) ends up in a message or a log.
 */
function failureCause(err: unknown): { cause: string; retry: boolean } {
  if (err instanceof DownloadError) return { cause: err.message, retry: true };
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e instanceof Error; depth++) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code)) {
      const disk = DISK_CAUSES[code];
      if (disk) return { cause: `${disk} (${code})`, retry: false };
      return { cause: NETWORK_CAUSES[code] ?? `a network error (${code})`, retry: true };
    }
    e = e.cause;
  }
  const dropped = err instanceof Error && err.message === 'terminated';
  return { cause: dropped ? 'the connection was dropped' : 'a network error', retry: true };
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
