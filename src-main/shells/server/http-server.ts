import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventBus } from '../../api/event-bus.js';
import type { Router } from '../../api/router.js';
import { attachWebSocket } from '../../api/transports/ws.js';
import type { Logger } from '../../platform/log.js';
import {
  type AccessToken,
  allowedHosts,
  cookieName,
  isAllowedHost,
  isAllowedOrigin,
  presentedToken,
} from './auth.js';
import type { OpenAiBackend } from './openai/backend.js';
import { openaiRoutes } from './openai/routes.js';
import { plain, serveStatic } from './static-files.js';
import type { Route } from './vault-routes.js';

export interface HttpServerOptions {
  host: string;
  port: number;
  rendererDir: string;
  token: AccessToken;
  router: Router;
  bus: EventBus;
  log: Logger;
  /** Extra HTTP routes (file transfer), tried after authentication and before the static files. */
  routes?: Route[];
  /** The local model for the OpenAI-compatible API under /v1 (same token); absent: no /v1. */
  openai?: OpenAiBackend;
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
 * The headless server: the built UI and the API over WebSocket, on loopback by default. Every request
 * must carry the access token (query once, then an HttpOnly cookie; or a Bearer header); the Host
 * header must name this server, and WebSocket upgrades must come from its own origin.
 */
export async function startHttpServer(opts: HttpServerOptions): Promise<RunningHttpServer> {
  let hosts = new Set<string>();
  let port = 0;
  const server = createServer((req, res) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    handle(req, res);
  });
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    if (!isAllowedHost(req, hosts)) return plain(res, 403, 'Forbidden host');
    const presented = presentedToken(req, port);
    if (!presented || !opts.token.matches(presented.token)) {
      if (opts.openai && /^\/v1(\/|$)/.test(req.url ?? '')) return unauthorizedOpenAi(res);
      return plain(
        res,
        401,
        'Unauthorized: open the URL that `sahel serve` printed (it carries the access token).',
        {
          'WWW-Authenticate': 'Bearer',
        },
      );
    }
    const url = new URL(req.url ?? '/', 'http://local');
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
    void runRoutes(req, res, url).then((handled) => {
      if (!handled) serveFiles(req, res, url);
    });
  };
  const routes = [
    ...(opts.openai ? [openaiRoutes(opts.openai, opts.log.child('openai'))] : []),
    ...(opts.routes ?? []),
  ];
  const runRoutes = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    for (const route of routes) {
      try {
        if (await route(req, res, url)) return true;
      } catch (err) {
        opts.log.error('route failed', { error: err });
        if (!res.headersSent) plain(res, 500, 'Internal error');
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

  const wss = attachWebSocket(
    server,
    (req) => {
      if (!isAllowedHost(req, hosts)) return { ok: false, status: 403, reason: 'Forbidden' };
      if (!isAllowedOrigin(req, hosts)) return { ok: false, status: 403, reason: 'Forbidden' };
      const presented = presentedToken(req, port);
      if (!presented || !opts.token.matches(presented.token))
        return { ok: false, status: 401, reason: 'Unauthorized' };
      return { ok: true };
    },
    opts.router,
    opts.bus,
    opts.log.child('ws'),
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(opts.host, port);
  const shownHost = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    url: `http://${shownHost}:${port}/?token=${opts.token.value}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        // Upgraded WebSocket connections are no longer the HTTP server's to close.
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
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
