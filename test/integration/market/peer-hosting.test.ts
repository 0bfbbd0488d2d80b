import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PeerHosting } from '../../../src-main/market/hosting/peer-hosting.js';
import { SETTINGS_DEFAULTS } from '../../../src-shared/domain/settings.js';
import { freePort } from '../../support/anvil.js';
import { silentLogger } from '../../support/logger.js';
import { tempDir } from '../../support/tmp.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

function hosting(port: number, served: () => boolean): PeerHosting {
  const h = new PeerHosting({
    dir: tempDir(),
    settings: () => ({ ...SETTINGS_DEFAULTS, marketHostPort: port }),
    isServed: () => false,
    anyServed: served,
    log: silentLogger(),
  });
  closers.push(() => h.stop());
  return h;
}

describe('the peer blob listener before a publish', () => {
  it('refuses, saying what to do, when its port is taken; listens when it is free', async () => {
    const taken = await freePort();
    const squatter: Server = createServer();
    await new Promise<void>((r) => squatter.listen(taken, '127.0.0.1', r));
    closers.push(() => new Promise((r) => squatter.close(() => r())));
    await expect(hosting(taken, () => false).ensureServing()).rejects.toThrow(
      new RegExp(`cannot serve the ciphertext on 127.0.0.1:${taken} \\(the port is in use.*Settings`),
    );

    const free = await freePort();
    const h = hosting(free, () => true);
    await h.ensureServing();
    expect(h.address()).toEqual({ host: '127.0.0.1', port: free });
    const res = await fetch(`http://127.0.0.1:${free}/market/blobs/${'0'.repeat(64)}`);
    expect(res.status).toBe(404);
    // The usual refresh keeps it while something is published.
    await h.refresh();
    expect(h.address()).toEqual({ host: '127.0.0.1', port: free });
  });
});
