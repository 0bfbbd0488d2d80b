import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServeAndBrowser, SHOTS, withServeAndBrowser } from '../support/e2e.js';

/** A page on another loopback origin that attacks Sahel the way any web page the user opens could. */
function foreignSite(sahelPort: number): Promise<Server> {
  const html = `<!doctype html><title>elsewhere</title>
<script>
  // Cookies are per host, not per port: these reach every request the browser makes to Sahel.
  document.cookie = 'x=%zz; path=/';
  document.cookie = 'y=%E0%A4%A; path=/';
  window.done = Promise.all(['//x:y/', '//%/', '//[/'].map((target) => new Promise((resolve) => {
    const img = new Image();
    img.onload = img.onerror = resolve;
    img.src = 'http://127.0.0.1:${sahelPort}' + target;
  })));
</script>`;
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('serve in Chromium: hostile pages and restarts (issues 14 and 10)', () => {
  let e2e: ServeAndBrowser;
  let page: Page;
  let foreign: Server | undefined;

  const connection = () => page.getByTestId('status-bar').getAttribute('data-connection');

  beforeAll(async () => {
    e2e = await withServeAndBrowser();
    page = e2e.page;
  });
  afterAll(async () => {
    await e2e?.close();
    foreign?.close();
  });

  it('stays up when a page on another origin loads //x:y/ and plants malformed cookies', async () => {
    foreign = await foreignSite(e2e.serve.port);
    const evil = await e2e.context.newPage();
    await evil.goto(`http://127.0.0.1:${(foreign.address() as AddressInfo).port}/`);
    await evil.evaluate(() => (window as unknown as { done: Promise<unknown> }).done);
    const cookies = await e2e.context.cookies(`http://127.0.0.1:${e2e.serve.port}/`);
    expect(cookies.map((c) => c.name)).toEqual(expect.arrayContaining(['x', 'y']));
    expect(e2e.serve.child.exitCode, e2e.serve.stderr()).toBeNull();
    const ok = await fetch(`${e2e.serve.base}/api/session`, {
      headers: { authorization: `Bearer ${e2e.serve.token}` },
    });
    expect(ok.status).toBe(204);

    // The UI loads with those cookies on every request, and its WebSocket connects.
    await page.goto(e2e.url);
    await expect.poll(connection).toBe('open');
    await expect.poll(() => page.getByTestId('status-bar').textContent()).toMatch(/Vault: not set up/i);
  });

  it('reconnects after a restart on the same port with the kept token', async () => {
    const port = e2e.serve.port;
    await e2e.restart(['--port', String(port)], async () => {
      await expect.poll(connection).not.toBe('open');
    });
    await expect.poll(connection, { timeout: 20_000 }).toBe('open');
    await expect.poll(() => page.getByTestId('status-bar').textContent()).toMatch(/Vault: not set up/i);
  });

  it('says plainly that the server is gone after a restart with --new-token', async () => {
    await e2e.restart(['--port', String(e2e.serve.port), '--new-token']);
    await expect.poll(connection, { timeout: 20_000 }).toBe('gone');
    await expect(page.getByTestId('connection-gone').textContent()).resolves.toMatch(
      /This Sahel server has stopped or restarted .* open the new URL it printed/,
    );
    await page.screenshot({ path: join(SHOTS, 'server-gone.png') });
    // The new URL works in the same browser.
    await page.goto(e2e.url);
    await expect.poll(connection).toBe('open');
  });
});
