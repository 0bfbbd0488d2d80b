import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo, isIPv4 } from 'node:net';
import type { Duplex } from 'node:stream';
import type { UpgradeGate } from '../../api/index.js';
import type { Logger } from '../../platform/index.js';
import { type ApiEndpoints, apiEndpoints, type ServedApi } from './api-endpoints.js';
import {
  type AccessToken,
  allowedHosts,
  cookieName,
  isAllowedHost,
  isAllowedOrigin,
  parseTarget,
  presentedToken,
} from './auth.js';
import { plain, serveStatic } from './static-files.js';

export interface HttpServerOptions {
  host: string;
  port: number;
  rendererDir: string;
  token: AccessToken;
  /**
   * The API, or the promise of it: `sahel serve` listens (and prints its URL) before its core is
   * built. Until then authenticated requests and WebSocket upgrades wait for it, rather than fail
   * and make every client (the page that just opened, an OpenAI SDK) retry; a core that fails to
   * open answers them 503 while the server stops.
   */
  api: ServedApi | Promise<ServedApi>;
  log: Logger;
  /** Timeouts and header limits; HTTP_LIMITS unless given (tests shorten them). */
  limits?: Partial<HttpLimits>;
}

export interface RunningHttpServer {
  /** The URL to open, carrying the access token. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; " +
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * How long the server waits on a client. Node's defaults hold a request for 300 s and a stalled body
 * as long; a local app can be stricter. There is no whole-request deadline, so a large upload that
 * keeps moving is never cut: a body that stops for `idleTimeoutMs` is.
 */
export interface HttpLimits {
  /** The request line and every header must arrive within this. */
  headersTimeoutMs: number;
  /** A request body (or a connection) that sends nothing for this long is closed. */
  idleTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  maxHeadersCount: number;
}

export const HTTP_LIMITS: HttpLimits = {
  headersTimeoutMs: 10_000,
  idleTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxHeadersCount: 100,
};

/** The path a page asks, after its WebSocket closed, whether this server still takes its cookie (204 or 401). */
export const SESSION_PATH = '/api/session';

/**
 * The headless server: the built UI and the API over WebSocket, on loopback by default. Every request
 * must carry the access token (query once, then an HttpOnly cookie; or a Bearer header); the Host
 * header must name this server, and WebSocket upgrades must come from its own origin. No request can
 * throw out of the listener: a bad target is a 400, anything unexpected a logged 500.
 */
export async function startHttpServer(opts: HttpServerOptions): Promise<RunningHttpServer> {
  const limits = { ...HTTP_LIMITS, ...opts.limits };
  let hosts = new Set<string>();
  let port = 0;
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: 0,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // Node checks the header deadline this often (30 s by default, which would stretch it).
      connectionsCheckingInterval: Math.max(100, Math.min(1000, limits.headersTimeoutMs / 4)),
    },
    (req, res) => {
      try {
        for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
        guardIdle(req, res);
        handle(req, res);
      } catch (err) {
        internalError(res, err);
      }
    },
  );
  server.timeout = limits.idleTimeoutMs;
  server.maxHeadersCount = limits.maxHeadersCount;

  const internalError = (res: ServerResponse, err: unknown) => {
    opts.log.error('request failed', { error: err });
    if (!res.headersSent) plain(res, 500, 'Internal error; see the log for details');
    else res.destroy();
  };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    if (!isAllowedHost(req, hosts)) return plain(res, 403, 'Forbidden host');
    const url = parseTarget(req.url);
    if (!url)
      return plain(res, 400, 'Bad request: the target must be a path on this server, like /index.html');
    const presented = presentedToken(req, url, port);
    if (!presented || !opts.token.matches(presented.token)) {
      if (/^\/v1(\/|$)/.test(url.pathname)) return unauthorizedOpenAi(res);
      return plain(
        res,
        401,
        'Unauthorized: open the URL that `sahel serve` printed (it carries the access token).',
        {
          'WWW-Authenticate': 'Bearer',
        },
      );
    }
    if (presented.source === 'query') {
      // Trade the token in the address bar for a cookie, so it does not linger in history or Referer.
      url.searchParams.delete('token');
      res.writeHead(303, {
        'Set-Cookie': `${cookieName(port)}=${opts.token.value}; HttpOnly; SameSite=Strict; Path=/`,
        Location: url.pathname + url.search,
      });
      res.end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD' && !isAllowedOrigin(req, hosts)) {
      return plain(res, 403, 'Forbidden origin');
    }
    if (url.pathname === SESSION_PATH) {
      res.writeHead(204, { 'Cache-Control': 'no-store' });
      res.end();
      return;
    }
    runRoutes(req, res, url)
      .then((handled) => {
        if (!handled) serveFiles(req, res, url);
      })
      .catch((err: unknown) => internalError(res, err));
  };
  // Requests past authentication wait for the API (the core), and so do WebSocket upgrades.
  const gate: UpgradeGate = (req) => {
    if (!isAllowedHost(req, hosts)) return { ok: false, status: 403, reason: 'Forbidden' };
    const url = parseTarget(req.url);
    if (!url) return { ok: false, status: 400, reason: 'Bad Request' };
    if (url.pathname !== '/api') return { ok: false, status: 404, reason: 'Not Found' };
    if (!isAllowedOrigin(req, hosts)) return { ok: false, status: 403, reason: 'Forbidden' };
    const presented = presentedToken(req, url, port);
    if (!presented || !opts.token.matches(presented.token))
      return { ok: false, status: 401, reason: 'Unauthorized' };
    return { ok: true };
  };
  let endpoints: ApiEndpoints | undefined;
  const ready = Promise.resolve(opts.api)
    .then((api) => apiEndpoints(api, gate, opts.log, isLoopback(opts.host) ? 'ws' : 'ws-network'))
    .then((built) => {
      endpoints = built;
      return built;
    });
  // Each waiting request hears the failure; this keeps it from also surfacing as unhandled.
  ready.catch(() => undefined);
  const runRoutes = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    const api = endpoints ?? (await ready.catch(() => undefined));
    if (!api) {
      plain(res, 503, 'Sahel could not start (see its log); the server is stopping.');
      return true;
    }
    for (const route of api.routes) {
      try {
        if (await route(req, res, url)) return true;
      } catch (err) {
        internalError(res, err);
        return true;
      }
    }
    return false;
  };
  const serveFiles = (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return plain(res, 405, 'Method not allowed', { Allow: 'GET, HEAD' });
    serveStatic(opts.rendererDir, url.pathname, res, req.method === 'HEAD');
  };
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node hands the socket over without its own error handler: a reset while waiting must not crash.
    socket.on('error', (err) => opts.log.debug('upgrade socket error', { error: err.message }));
    if (endpoints) return endpoints.upgrade(req, socket, head);
    ready.then(
      (api) => api.upgrade(req, socket, head),
      () => socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n'),
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // A failure after listening (EMFILE on accept, say) is logged; it must not end the process.
  server.on('error', (err) => opts.log.error('http server error', { error: err }));
  port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(opts.host, port);
  const shownHost = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    url: `http://${shownHost}:${port}/?token=${opts.token.value}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        endpoints?.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The socket's idle timer fires while a body is still due (the request emits 'timeout'): answer 408 and
 * close. Once the request is complete the response may take its time (a long generation), so the
 * response's 'timeout' is heard and ignored rather than letting Node destroy the socket.
 */
function guardIdle(req: IncomingMessage, res: ServerResponse): void {
  req.on('timeout', () => {
    if (res.headersSent) {
      req.socket.destroy();
      return;
    }
    res.once('finish', () => req.socket.destroy());
    plain(res, 408, 'Request timeout: the request body stopped arriving.', { Connection: 'close' });
  });
  res.on('timeout', () => {});
}

/** 127.0.0.0/8 and ::1: only processes on this machine can connect. */
export function isLoopback(host: string): boolean {
  return host === '::1' || (isIPv4(host) && host.startsWith('127.'));
}

/** OpenAI clients show `error.message` from a JSON body; a plain-text 401 would reach users as noise. */
function unauthorizedOpenAi(res: ServerResponse): void {
  const body = JSON.stringify({
    error: {
      message: 'Missing or wrong API key: use the access token `sahel serve` printed as the Bearer key.',
      type: 'authentication_error',
      param: null,
      code: 'invalid_api_key',
    },
  });
  res.writeHead(401, { 'Content-Type': 'application/json; charset=utf-8', 'WWW-Authenticate': 'Bearer' });
  res.end(body);
}
