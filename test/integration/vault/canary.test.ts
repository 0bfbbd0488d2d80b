import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServe } from '../../support/sahel-process.js';
import { tempDir } from '../../support/tmp.js';
import { socketConnect, wsConnect } from '../../support/ws-client.js';

/** Every file under dir (the database, its WAL, logs, temp dirs, sockets excluded), recursively. */
function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

function findCanary(dir: string, canary: string): string[] {
  const needles = [
    Buffer.from(canary, 'utf8'),
    Buffer.from(canary, 'utf16le'),
    Buffer.from(canary.toUpperCase(), 'utf8'),
  ];
  return allFiles(dir).filter((f) => {
    const bytes = readFileSync(f);
    return needles.some((n) => bytes.includes(n));
  });
}

describe('nothing readable on disk', () => {
  it('a canary in a file, a note, a name and a tag appears in no file of the data dir', async () => {
    const dataDir = tempDir();
    const canary = `canary${randomBytes(8).toString('hex')}`;
    const src = tempDir();
    writeFileSync(join(src, 'report.txt'), `quarterly numbers ${canary} end`);
    const served = await startServe(dataDir);
    const conn = await wsConnect(served);
    try {
      await conn.api.vault.create({ passphrase: 'canary vault 81 quiet herons' });
      // Paths go through the owner's local socket, as the CLI's `vault add` does; never the browser's.
      const local = await socketConnect(dataDir);
      await local.api.vault
        .importPaths({ paths: [join(src, 'report.txt')], tags: [canary] })
        .finally(local.close);
      await conn.api.vault.addNote({ name: `note ${canary}`, text: `remember ${canary}`, tags: ['x'] });
      await conn.api.vault.addSecret({ name: 'token', value: canary });
      const up = await fetch(`${served.base}/vault/upload?name=${canary}.txt&tags=${canary}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${served.token}` },
        body: `uploaded ${canary}`,
      });
      expect(up.status).toBe(201);
      // While unlocked the canary is findable — in memory only.
      const hits = await conn.api.vault.search({ query: canary });
      expect(hits.hits.length).toBeGreaterThanOrEqual(3);
      await conn.api.vault.lock({});
      // Checked while the owner still runs, so the WAL has not been folded into the database yet.
      expect(allFiles(dataDir).some((f) => f.endsWith('-wal'))).toBe(true);
      expect(findCanary(dataDir, canary)).toEqual([]);
    } finally {
      conn.close();
      await served.stop();
    }
    expect(findCanary(dataDir, canary)).toEqual([]);
  });
});
