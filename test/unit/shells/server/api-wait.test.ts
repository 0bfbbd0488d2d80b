import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { EventBus } from '../../../../src-main/api/event-bus.js';
import type { ContractHandlers } from '../../../../src-main/api/handlers.js';
import { Router } from '../../../../src-main/api/router.js';
import type { ServedApi } from '../../../../src-main/shells/server/api-endpoints.js';
import { AccessToken } from '../../../../src-main/shells/server/auth.js';
import { type RunningHttpServer, startHttpServer } from '../../../../src-main/shells/server/http-server.js';
import { silentLogger } from '../../../support/logger.js';
import { tempDir } from '../../../support/tmp.js';

const token = new AccessToken();
const servers: RunningHttpServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function serverWith(api: Promise<ServedApi>): Promise<RunningHttpServer> {
  const server = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    rendererDir: tempDir(),
    token,
    log: silentLogger(),
    api,
  });
  servers.push(server);
  return server;
}

/** A request with the token, and the order things happened in. */
function get(
  server: RunningHttpServer,
  path: string,
  events: string[],
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path, headers: { authorization: `Bearer ${token.value}` } },
      (res) => {
        events.push(`answered ${path}`);
        let body = '';
        res.setEncoding('utf8').on('data', (d: string) => {
          body += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function deferred<T>() {
  let resolve: (v: T) => void = () => {};
  let reject: (e: unknown) => void = () => {};
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('the HTTP server before its API exists (sahel serve prints its URL first)', () => {
  it('holds requests and WebSocket upgrades until the API is there, then answers them with it', async () => {
    const api = deferred<ServedApi>();
    const server = await serverWith(api.promise);
    const events: string[] = [];
    const answer = get(server, '/hello', events);
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api`, {
      headers: { authorization: `Bearer ${token.value}` },
    });
    const opened = new Promise<void>((resolve, reject) => {
      ws.once('open', () => {
        events.push('ws open');
        resolve();
      });
      ws.once('error', reject);
    });
    // Long enough for both to reach the server; neither may be answered before the API exists.
    await new Promise((r) => setTimeout(r, 300));
    events.push('api ready');
    api.resolve({
      router: new Router({} as ContractHandlers, silentLogger()),
      bus: new EventBus(),
      routes: [
        async (_req, res, url) => {
          if (url.pathname !== '/hello') return false;
          res.end('from the api');
          return true;
        },
      ],
    });
    expect(await answer).toEqual({ status: 200, body: 'from the api' });
    await opened;
    const reply = new Promise<unknown>((resolve) =>
      ws.once('message', (d) => resolve(JSON.parse(d.toString()))),
    );
    ws.send(JSON.stringify({ type: 'call', id: 1, method: 'app.nope', input: {} }));
    expect(await reply).toMatchObject({
      type: 'result',
      id: 1,
      ok: false,
      error: { code: 'UNKNOWN_PROCEDURE' },
    });
    ws.close();
    expect(events[0]).toBe('api ready');
  });

  it('answers 503 to what waited when the API fails to open, and still refuses a wrong token first', async () => {
    const api = deferred<ServedApi>();
    const server = await serverWith(api.promise);
    const events: string[] = [];
    const waiting = get(server, '/x', events);
    const upgrade = new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api`, {
        headers: { authorization: `Bearer ${token.value}` },
      });
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('error', () => resolve(-1));
    });
    const wrong = await fetch(`http://127.0.0.1:${server.port}/x`, {
      headers: { authorization: 'Bearer no' },
    });
    expect(wrong.status).toBe(401);
    api.reject(new Error('the database is damaged'));
    expect((await waiting).status).toBe(503);
    expect(await upgrade).toBe(503);
  });
});
