import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus } from '../../../../src-main/api/event-bus.js';
import type { ContractHandlers } from '../../../../src-main/api/handlers.js';
import { Router } from '../../../../src-main/api/router.js';
import { AccessToken } from '../../../../src-main/shells/server/auth.js';
import {
  HTTP_LIMITS,
  isLoopback,
  type RunningHttpServer,
  startHttpServer,
} from '../../../../src-main/shells/server/http-server.js';
import { silentLogger } from '../../../support/logger.js';
import { rawRequest } from '../../../support/raw-http.js';
import { tempDir } from '../../../support/tmp.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the HTTP server holds slow clients only briefly (issue 14)', () => {
  let server: RunningHttpServer;
  const token = new AccessToken();
  const head = (method: string, path: string, extra = '') =>
    `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nAuthorization: Bearer ${token.value}\r\n${extra}`;

  beforeAll(async () => {
    const ui = tempDir();
    mkdirSync(ui, { recursive: true });
    writeFileSync(join(ui, 'index.html'), '<div id="root"></div>');
    server = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      rendererDir: ui,
      token,
      log: silentLogger(),
      // Short limits so the test runs quickly; the defaults are checked below.
      limits: { headersTimeoutMs: 400, idleTimeoutMs: 300 },
      api: {
        router: new Router({} as ContractHandlers, silentLogger()),
        bus: new EventBus(),
        routes: [
          async (req, res, url) => {
            if (url.pathname === '/count') {
              let n = 0;
              for await (const chunk of req) n += (chunk as Buffer).length;
              res.end(String(n));
              return true;
            }
            if (url.pathname === '/slow-answer') {
              await sleep(900); // a long generation: the request is complete, the answer takes its time
              res.end('done');
              return true;
            }
            return false;
          },
        ],
      },
    });
  });
  afterAll(() => server?.close());

  it('tells loopback binds (same-machine callers only) from network ones', () => {
    for (const h of ['127.0.0.1', '127.0.0.2', '::1']) expect(isLoopback(h), h).toBe(true);
    for (const h of ['192.168.1.5', '10.0.0.1', 'fe80::1', '::ffff:127.0.0.1x'])
      expect(isLoopback(h), h).toBe(false);
  });

  it('defaults well below Node’s 300 s', () => {
    expect(HTTP_LIMITS.headersTimeoutMs).toBeLessThanOrEqual(10_000);
    expect(HTTP_LIMITS.idleTimeoutMs).toBeLessThanOrEqual(30_000);
    expect(HTTP_LIMITS.maxHeadersCount).toBeLessThanOrEqual(100);
  });

  it('answers 408 and closes when a body stops arriving', async () => {
    const res = await rawRequest(
      server.port,
      `${head('POST', '/count', 'Content-Length: 100\r\n')}\r\nabc`,
      5000,
    );
    expect(res.status).toBe(408);
  });

  it('closes a connection whose headers never finish', async () => {
    const res = await rawRequest(server.port, head('GET', '/'), 5000);
    // Node answers 408 to a header timeout; either way the connection is not held.
    expect([0, 408]).toContain(res.status);
  });

  it('takes a body that keeps moving for longer than the idle limit', async () => {
    const { connect } = await import('node:net');
    const total = await new Promise<string>((resolve, reject) => {
      const sock = connect({ host: '127.0.0.1', port: server.port });
      let out = '';
      sock.on('data', (d) => {
        out += d.toString();
      });
      sock.on('close', () => resolve(out));
      sock.on('error', reject);
      sock.on('connect', async () => {
        sock.write(`${head('POST', '/count', 'Content-Length: 10\r\nConnection: close\r\n')}\r\n`);
        for (let i = 0; i < 10; i++) {
          await sleep(120); // 1.2 s in all, four times the idle limit
          sock.write('x');
        }
      });
    });
    expect(total).toMatch(/^HTTP\/1\.1 200/);
    expect(total.endsWith('10')).toBe(true);
  });

  it('waits for a slow answer once the request is complete', async () => {
    const res = await rawRequest(
      server.port,
      `${head('GET', '/slow-answer', 'Connection: close\r\n')}\r\n`,
      5000,
    );
    expect(res.status).toBe(200);
    expect(res.text.endsWith('done')).toBe(true);
  });
});
