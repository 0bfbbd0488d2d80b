// `sahel serve` listens and prints its URL before it builds its core (issue 10): what arrives in
// between waits for the core, and a core that fails to open still ends the server cleanly.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../support/cli.js';
import { startServe } from '../../../support/sahel-process.js';
import { tempDir } from '../../../support/tmp.js';
import { socketConnect, wsConnect } from '../../../support/ws-client.js';

describe('sahel serve start', () => {
  it('prints its URL before opening the core; calls made at once are answered by the core', async () => {
    const dataDir = tempDir();
    const served = await startServe(dataDir);
    try {
      // Sent the moment the URL is out, both over the WebSocket and over the CLI's socket.
      const [ws, local] = await Promise.all([wsConnect(served), socketConnect(dataDir)]);
      const [viaWs, viaSocket] = await Promise.all([ws.api.app.status({}), local.api.vault.state({})]);
      expect(viaWs.owner).toMatchObject({ pid: served.pid, kind: 'serve', dataDir });
      expect(viaSocket.state).toBe('uninitialised');
      const page = await fetch(`${served.base}/`, { headers: { authorization: `Bearer ${served.token}` } });
      expect(page.status).toBe(200);
      ws.close();
      local.close();
    } finally {
      expect(await served.stop()).toBe(0);
    }
    const log = readFileSync(join(dataDir, 'logs', 'sahel.log'), 'utf8');
    const listening = log.indexOf('headless server listening');
    const opened = log.indexOf('owner started');
    expect(listening).toBeGreaterThanOrEqual(0);
    expect(opened).toBeGreaterThan(listening);
  });

  it('stops cleanly on a signal sent the moment the URL is out (exit 0, lock and socket gone)', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const dataDir = tempDir();
      const served = await startServe(dataDir);
      expect(await served.stop(signal), served.stderr()).toBe(0);
      expect(existsSync(join(dataDir, 'sahel.lock'))).toBe(false);
      expect(existsSync(join(dataDir, 'run', 'api.sock'))).toBe(false);
    }
  });

  it('with a database it cannot open: the URL, then one sentence, exit 1, lock released', async () => {
    const dataDir = tempDir();
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(join(dataDir, 'sahel.db'), Buffer.alloc(8192, 0x41));
    const { code, stdout, stderr, pid } = await runCli([
      '--json',
      '--data-dir',
      dataDir,
      'serve',
      '--port',
      '0',
    ]);
    expect(code).toBe(1);
    expect(JSON.parse(stdout.split('\n')[0] ?? '')).toMatchObject({ pid, dataDir });
    expect(stderr).toMatch(/^sahel: The database .*sahel\.db is damaged or is not a Sahel database/m);
    expect(stderr).not.toContain('unexpected error');
    expect(existsSync(join(dataDir, 'sahel.lock'))).toBe(false);
  });
});
