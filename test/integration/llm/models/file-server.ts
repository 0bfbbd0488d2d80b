import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Behaviour {
  /** Cut the connection after this many body bytes, once. */
  dropAfter: number;
  ignoreRange: boolean;
  /** Answer this many requests with 503. */
  fail5xx: number;
  /** Trickle `slowBytes` every 20 ms (to pause mid-file). */
  slow: boolean;
  slowBytes: number;
  /** X-Linked-ETag on direct file answers. */
  etag: string | null;
  /** Serve these bytes instead of the file (a corrupt mirror), keeping the advertised hash. */
  corrupt: Buffer | null;
}

export interface FileServer {
  readonly server: Server;
  readonly behaviour: Behaviour;
  readonly requests: { method: string; path: string; range: string | undefined }[];
  /** http://127.0.0.1:port */
  readonly base: string;
  reset(): void;
  close(): Promise<void>;
}

const DEFAULTS: Behaviour = {
  dropAfter: 0,
  ignoreRange: false,
  fail5xx: 0,
  slow: false,
  slowBytes: 64 * 1024,
  etag: null,
  corrupt: null,
};

/**
 * A loopback file server with the failures downloads meet: a connection dropped mid-file, a server
 * that ignores Range, 5xx errors, a slow trickle (to pause), a corrupt body. `/files/<name>` serves
 * a file directly; `/<owner>/<repo>/resolve/main/<name>` answers like Hugging Face: a 302 to the
 * file carrying `X-Linked-ETag` (the sha256) and `X-Linked-Size`, which the file answer lacks.
 */
export async function startFileServer(files: Record<string, Buffer>): Promise<FileServer> {
  const behaviour: Behaviour = { ...DEFAULTS };
  const requests: FileServer['requests'] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push({ method: req.method ?? 'GET', path, range: req.headers.range });
    const hf = /^\/[\w.-]+\/[\w.-]+\/resolve\/main\/(.+)$/.exec(path);
    if (hf) {
      const file = files[hf[1]!];
      if (!file) return void res.writeHead(404).end();
      res.writeHead(302, {
        Location: `/files/${hf[1]}`,
        'X-Linked-ETag': `"${createHash('sha256').update(file).digest('hex')}"`,
        'X-Linked-Size': String(file.length),
      });
      return void res.end();
    }
    const name = path.startsWith('/files/') ? path.slice(7) : path.slice(1);
    const original = files[name];
    if (!original) return void res.writeHead(404).end();
    if (behaviour.fail5xx > 0) {
      behaviour.fail5xx--;
      return void res.writeHead(503).end();
    }
    const file = behaviour.corrupt ?? original;
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = m && !behaviour.ignoreRange ? Number(m[1]) : 0;
    if (start > file.length) return void res.writeHead(416).end();
    const headers: Record<string, string> = { 'Content-Length': String(file.length - start) };
    if (behaviour.etag) headers['X-Linked-ETag'] = `"${behaviour.etag}"`;
    if (start > 0) headers['Content-Range'] = `bytes ${start}-${file.length - 1}/${file.length}`;
    res.writeHead(start > 0 ? 206 : 200, headers);
    if (req.method === 'HEAD') return void res.end();
    const body = file.subarray(start);
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
        res.write(body.subarray(off, off + behaviour.slowBytes));
        off += behaviour.slowBytes;
      }, 20);
      return;
    }
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    server,
    behaviour,
    requests,
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    reset() {
      Object.assign(behaviour, DEFAULTS);
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
