import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { rawRequest } from '../../../support/raw-http.js';
import { type Served, startServe } from '../../../support/sahel-process.js';
import { tempDir } from '../../../support/tmp.js';
import { wsConnect } from '../../../support/ws-client.js';

const get = (served: Served, target: string, headers = '') =>
  `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${served.port}\r\n${headers}Connection: close\r\n\r\n`;

/** The upgrade handshake as a browser sends it; resolves with the status the server answered. */
function upgrade(served: Served, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${served.port}/api`, { headers });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => resolve(-1));
  });
}

describe('serve against hostile requests (issue 14)', () => {
  let dataDir: string;
  let served: Served;
  const cookie = () => `sahel_token_${served.port}=${served.token}`;

  beforeAll(async () => {
    dataDir = tempDir();
    served = await startServe(dataDir);
  });
  afterAll(async () => {
    await served?.stop();
  });

  const stillServing = async () => {
    expect(served.child.exitCode, served.stderr()).toBeNull();
    const res = await fetch(`${served.base}/api/session`, { headers: { cookie: cookie() } });
    expect(res.status).toBe(204);
  };

  it('answers 400 to request targets that are not paths, without a token, and stays up', async () => {
    // Each of these made new URL() throw in the auth check, and the process exit.
    for (const target of ['//x:y/', '//%/', '//[/', '//evil.example/vault/upload', '/\\evil/']) {
      const res = await rawRequest(served.port, get(served, target));
      expect(res.status, target).toBe(400);
    }
    const absolute = await rawRequest(served.port, get(served, 'http://['));
    expect(absolute.status).toBe(400);
    await stillServing();
  });

  it("ignores other apps' malformed cookies on HTTP and on the WebSocket upgrade", async () => {
    const bad = 'x=%zz; y=%E0%A4%A';
    const page = await rawRequest(served.port, get(served, '/', `Cookie: ${bad}; ${cookie()}\r\n`));
    expect(page.status).toBe(200);
    const anonymous = await rawRequest(served.port, get(served, '/', `Cookie: ${bad}\r\n`));
    expect(anonymous.status).toBe(401);
    expect(await upgrade(served, { cookie: `${bad}; ${cookie()}` })).toBe(101);
    expect(await upgrade(served, { cookie: bad })).toBe(401);
    // A bad target on the upgrade path is refused like on plain HTTP.
    const up = await rawRequest(
      served.port,
      get(
        served,
        '//x:y/api',
        'Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n',
      ).replace('Connection: close', 'Connection: Upgrade'),
    );
    expect(up.status).toBe(400);
    await stillServing();
  });

  it('refuses procedures that take local paths over the WebSocket, whoever holds the token', async () => {
    const conn = await wsConnect(served);
    try {
      await conn.api.vault.create({ passphrase: 'hardening 38 silver otters' });
      const victim = join(tempDir(), 'bashrc');
      writeFileSync(victim, 'original\n');
      const item = await conn.api.vault.addNote({ name: 'n', text: 'payload', tags: [], parentId: null });
      const refused = [
        conn.api.vault.importPaths({ paths: ['/etc/passwd'] }),
        conn.api.vault.exportFile({ id: item.id, path: victim, overwrite: true }),
        conn.api.vault.exportAge({ id: item.id, path: victim, passphrase: 'x' }),
      ];
      for (const call of refused) await expect(call).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect(readFileSync(victim, 'utf8')).toBe('original\n');
      expect((await conn.api.vault.list({ parentId: null })).items.map((i) => i.name)).toEqual(['n']);
    } finally {
      conn.close();
    }
  });

  it('answers a download whose blob is missing with a typed 404, and stays up', async () => {
    const auth = { authorization: `Bearer ${served.token}` };
    const up = await fetch(`${served.base}/vault/upload?name=a.bin`, {
      method: 'POST',
      headers: auth,
      body: 'abc',
    });
    expect(up.status).toBe(201);
    const { item } = (await up.json()) as { item: { id: string } };
    const blobs = join(dataDir, 'vault', 'blobs');
    for (const f of readdirSync(blobs)) rmSync(join(blobs, f));
    const down = await fetch(`${served.base}/vault/items/${item.id}/content`, { headers: auth });
    expect(down.status).toBe(404);
    expect(await down.json()).toMatchObject({
      error: { code: 'NOT_FOUND', message: expect.stringMatching(/missing/) },
    });
    await stillServing();
  });

  it('keeps its token in the data dir (0600) across a restart on the same port; --new-token revokes it', async () => {
    const file = join(dataDir, 'serve-token');
    expect(readFileSync(file, 'utf8').trim()).toBe(served.token);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const port = served.port;
    const oldCookie = cookie();
    expect(await served.stop()).toBe(0);

    served = await startServe(dataDir, ['--port', String(port)]);
    expect(served.port).toBe(port);
    expect(served.token).toBe(readFileSync(file, 'utf8').trim());
    expect((await fetch(`${served.base}/api/session`, { headers: { cookie: oldCookie } })).status).toBe(204);
    expect(await served.stop()).toBe(0);

    served = await startServe(dataDir, ['--port', String(port), '--new-token']);
    expect(served.token).not.toBe(oldCookie.split('=')[1]);
    expect((await fetch(`${served.base}/api/session`, { headers: { cookie: oldCookie } })).status).toBe(401);
    expect(readFileSync(file, 'utf8').trim()).toBe(served.token);
    expect(existsSync(file)).toBe(true);
    await stillServing();
  });
});
