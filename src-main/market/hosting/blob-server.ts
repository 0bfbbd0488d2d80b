import { constants, type promises as fsp } from 'node:fs';
import { open } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Logger } from '../../platform/index.js';
import { parseRange } from './byte-range.js';
import { RateLimiter } from './rate-limit.js';

const PATH = /^\/market\/blobs\/([0-9a-f]{64})$/;

export interface BlobServerOptions {
  /** `<data dir>/market/blobs`. */
  dir: string;
  /** Whether a ciphertext is published (looked up in published_assets): only those are served. */
  isServed(sha256: string): boolean;
  log: Logger;
  /** Requests per minute per remote address, and the burst allowed at once. */
  perMinute?: number;
  burst?: number;
}

/**
 * The peer hosting listener: `GET`/`HEAD /market/blobs/<sha256>` with Range, for anyone (the bytes are
 * public ciphertext, so no token), on its own address and port, apart from the UI/API server. It
 * serves published ciphertexts only, found by hash in the table, never "whatever is in the folder";
 * any other path is 400; no listing; a blob that is a symlink is not followed (O_NOFOLLOW).
 */
export class BlobServer {
  private server: Server | undefined;
  private readonly limiter: RateLimiter;

  constructor(private readonly o: BlobServerOptions) {
    this.limiter = new RateLimiter(o.perMinute ?? 120, o.burst ?? 30);
  }

  get listening(): boolean {
    return this.server?.listening ?? false;
  }

  /** Starts listening; resolves with the port (useful when 0 was asked). */
  async start(host: string, port: number): Promise<number> {
    if (this.server) await this.stop();
    const server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        this.o.log.warn('blob request failed', { error: String(err) });
        if (!res.headersSent) end(res, 500);
        else res.destroy();
      });
    });
    server.requestTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    return (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const from = req.socket.remoteAddress ?? 'unknown';
    if (!this.limiter.take(from)) {
      res.setHeader('retry-after', String(this.limiter.retryAfter(from)));
      return end(res, 429);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return end(res, 405);
    }
    const hash = PATH.exec(req.url ?? '')?.[1];
    if (!hash) return end(res, 400);
    if (!this.o.isServed(hash)) return end(res, 404);
    let file: fsp.FileHandle;
    try {
      file = await open(join(this.o.dir, hash), constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch {
      return end(res, 404);
    }
    let handedOver = false;
    try {
      const st = await file.stat();
      if (!st.isFile()) return end(res, 404);
      res.setHeader('content-type', 'application/octet-stream');
      res.setHeader('accept-ranges', 'bytes');
      res.setHeader('etag', `"${hash}"`);
      res.setHeader('cache-control', 'public, max-age=31536000, immutable');
      res.setHeader('x-content-type-options', 'nosniff');
      const range = parseRange(req.headers.range, st.size);
      if (range === 'unsatisfiable') {
        res.setHeader('content-range', `bytes */${st.size}`);
        return end(res, 416);
      }
      const start = range?.start ?? 0;
      const last = range?.end ?? st.size - 1;
      res.statusCode = range ? 206 : 200;
      if (range) res.setHeader('content-range', `bytes ${start}-${last}/${st.size}`);
      res.setHeader('content-length', String(Math.max(0, last - start + 1)));
      if (req.method === 'HEAD' || st.size === 0) return void res.end();
      const stream = file.createReadStream({ start, end: last, autoClose: true });
      handedOver = true;
      stream.once('error', () => res.destroy());
      res.once('close', () => stream.destroy());
      stream.pipe(res);
    } finally {
      if (!handedOver) await file.close();
    }
  }
}

function end(res: ServerResponse, status: number): void {
  res.statusCode = status;
  res.setHeader('content-length', '0');
  res.end();
}
