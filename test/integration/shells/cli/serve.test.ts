import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createClient } from '../../../../src-shared/api/client.js';
import { MAX_MESSAGE_BYTES } from '../../../../src-shared/api/wire.js';
import { WireClient } from '../../../../src-shared/api/wire-client.js';
import { runCli } from '../../../support/cli.js';
import { type Served, startServe } from '../../../support/sahel-process.js';
import { tempDir } from '../../../support/tmp.js';

/** Opens the API WebSocket; resolves with the socket or the HTTP status of a refused upgrade. */
function openWs(served: Served, headers: Record<string, string>): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${served.port}/api`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => resolve(-1));
  });
}

function wsClient(ws: WebSocket) {
  const wire = new WireClient((t) => ws.send(t));
  ws.on('message', (d) => wire.receive(d.toString()));
  ws.on('close', () => wire.close());
  return { wire, api: createClient(wire) };
}

describe('sahel serve', () => {
  let dataDir: string;
  let served: Served;

  beforeAll(async () => {
    dataDir = tempDir();
    served = await startServe(dataDir);
  });
  afterAll(async () => {
    await served?.stop();
  });

  it('prints a loopback URL carrying a token', () => {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
    expect(served.pid).toBe(served.child.pid);
  });

  it('answers 401 to every request without the right token', async () => {
    for (const path of ['/', '/index.html', '/assets/x.js', '/api', '/nope']) {
      expect((await fetch(`${served.base}${path}`)).status, path).toBe(401);
    }
    expect((await fetch(`${served.base}/?token=wrong`)).status).toBe(401);
    const bearer = await fetch(`${served.base}/`, { headers: { authorization: 'Bearer wrong' } });
    expect(bearer.status).toBe(401);
    expect(bearer.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('trades the URL token for an HttpOnly cookie and serves the UI with a strict CSP', async () => {
    const first = await fetch(served.url, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/');
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await fetch(`${served.base}/`, { headers: { cookie: cookie.split(';')[0] ?? '' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<div id="root">');
  });

  it('refuses a foreign Host header (DNS rebinding) even with the token', async () => {
    // fetch() may not set Host, so this goes through node:http.
    const status = (host: string) =>
      new Promise<number | undefined>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: served.port,
            path: '/',
            headers: { host, authorization: `Bearer ${served.token}` },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode);
          },
        );
        req.on('error', reject);
        req.end();
      });
    expect(await status(`evil.example:${served.port}`)).toBe(403);
    expect(await status(`localhost:${served.port}`)).toBe(200);
  });

  it('refuses WebSocket upgrades without the token or from a foreign Origin', async () => {
    expect(await openWs(served, {})).toBe(401);
    expect(await openWs(served, { authorization: 'Bearer nope' })).toBe(401);
    expect(
      await openWs(served, { authorization: `Bearer ${served.token}`, origin: 'http://evil.example' }),
    ).toBe(403);
    const ok = await openWs(served, { authorization: `Bearer ${served.token}`, origin: served.base });
    expect(ok).toBeInstanceOf(WebSocket);
    (ok as WebSocket).close();
  });

  it('serves the typed API over WebSocket, with typed errors for bad input', async () => {
    const ws = (await openWs(served, { authorization: `Bearer ${served.token}` })) as WebSocket;
    const { wire, api } = wsClient(ws);
    const status = await api.app.status({});
    expect(status.owner).toMatchObject({ pid: served.pid, kind: 'serve', dataDir });
    expect(status.vault.state).toBe('uninitialised');
    await expect(wire.call('app.nope', {})).rejects.toMatchObject({ code: 'UNKNOWN_PROCEDURE' });
    await expect(wire.call('settings.update', { theme: 42 })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    const changed = new Promise((resolve) => wire.subscribe('settings.changed', resolve));
    await expect(api.settings.update({ theme: 'dark' })).resolves.toMatchObject({ theme: 'dark' });
    await expect(changed).resolves.toMatchObject({ theme: 'dark' });
    ws.close();
  });

  it('survives garbage and oversized messages', async () => {
    const ws = (await openWs(served, { authorization: `Bearer ${served.token}` })) as WebSocket;
    const replies: unknown[] = [];
    ws.on('message', (d) => replies.push(JSON.parse(d.toString())));
    ws.send('}{');
    ws.send(Buffer.from([0, 1, 2]));
    ws.send(
      `{"type":"call","id":9,"method":"settings.update","input":{"theme":"${'x'.repeat(MAX_MESSAGE_BYTES)}"}}`,
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(replies).toContainEqual({
      type: 'error',
      error: expect.objectContaining({ code: 'BAD_MESSAGE' }),
    });
    expect(replies).toContainEqual({
      type: 'result',
      id: 9,
      ok: false,
      error: expect.objectContaining({ code: 'PAYLOAD_TOO_LARGE' }),
    });
    // A frame past the transport's hard cap closes that connection only.
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.send('x'.repeat(MAX_MESSAGE_BYTES * 4 + 1));
    expect(await closed).toBe(1009);
    const again = (await openWs(served, { authorization: `Bearer ${served.token}` })) as WebSocket;
    await expect(wsClient(again).api.app.info({})).resolves.toMatchObject({ name: 'Sahel', dataDir });
    again.close();
    expect(served.child.exitCode).toBeNull();
  });

  it('refuses a second owner of the same data dir, naming the first', async () => {
    const second = await runCli(['serve', '--port', '0', '--data-dir', dataDir]);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`pid ${served.pid}`);
    expect(second.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('lets the CLI ask the running owner for its status over the local socket', async () => {
    const human = await runCli(['status', '--data-dir', dataDir]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(`pid ${served.pid}`);
    expect(human.stdout).toContain('vault:   not set up');
    const json = await runCli(['--json', 'status', '--data-dir', dataDir]);
    expect(JSON.parse(json.stdout)).toMatchObject({
      running: true,
      owner: { pid: served.pid, kind: 'serve' },
    });
  });

  it('keeps the token out of the log and stops cleanly on SIGTERM, releasing the lock', async () => {
    // An open browser connection must not keep the server alive.
    const open = await openWs(served, { authorization: `Bearer ${served.token}` });
    expect(open).toBeInstanceOf(WebSocket);
    const code = await served.stop('SIGTERM');
    expect(code).toBe(0);
    expect(existsSync(join(dataDir, 'sahel.lock'))).toBe(false);
    const log = readFileSync(join(dataDir, 'logs', 'sahel.log'), 'utf8');
    expect(log).toContain('headless server listening');
    expect(log).not.toContain(served.token);
    const after = await runCli(['--json', 'status', '--data-dir', dataDir]);
    expect(JSON.parse(after.stdout)).toEqual({ running: false, dataDir });
  });
});
