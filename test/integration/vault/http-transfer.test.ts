import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGE, haveAge } from '../../support/age-cli.js';
import { type Served, startServe } from '../../support/sahel-process.js';
import { tempDir } from '../../support/tmp.js';
import { wsConnect } from '../../support/ws-client.js';

describe('vault over the headless server', () => {
  let served: Served;
  let dataDir: string;
  let conn: Awaited<ReturnType<typeof wsConnect>>;
  const auth = () => ({ authorization: `Bearer ${served.token}` });

  beforeAll(async () => {
    dataDir = tempDir();
    served = await startServe(dataDir);
    conn = await wsConnect(served);
  });
  afterAll(async () => {
    conn?.close();
    await served?.stop();
  });

  it('refuses uploads while no vault is unlocked', async () => {
    const res = await fetch(`${served.base}/vault/upload?name=a.txt`, {
      method: 'POST',
      headers: auth(),
      body: 'x',
    });
    expect(res.status).toBe(423);
    expect(await res.json()).toMatchObject({ error: { code: 'LOCKED' } });
  });

  it('uploads a stream into the vault and downloads it back byte for byte', async () => {
    const state = await conn.api.vault.create({ passphrase: 'http transfer passphrase' });
    expect(state.state).toBe('unlocked');
    const body = randomBytes(200_000 + 13);
    const up = await fetch(
      `${served.base}/vault/upload?name=${encodeURIComponent('data set.bin')}&tags=a,b`,
      {
        method: 'POST',
        headers: auth(),
        body,
      },
    );
    expect(up.status).toBe(201);
    const { item } = (await up.json()) as {
      item: { id: string; size: number; name: string; tags: string[] };
    };
    expect(item).toMatchObject({ name: 'data set.bin', size: body.length, tags: ['a', 'b'] });
    const down = await fetch(`${served.base}/vault/items/${item.id}/content`, { headers: auth() });
    expect(down.status).toBe(200);
    expect(down.headers.get('content-disposition')).toContain("filename*=UTF-8''data%20set.bin");
    expect(Buffer.from(await down.arrayBuffer()).equals(body)).toBe(true);
    expect((await conn.api.vault.list({ parentId: null })).items.map((i) => i.id)).toContain(item.id);
  });

  it('rejects bad names, foreign origins and unknown items', async () => {
    const bad = await fetch(`${served.base}/vault/upload?name=${encodeURIComponent('../x')}`, {
      method: 'POST',
      headers: auth(),
      body: 'x',
    });
    expect(bad.status).toBe(400);
    const foreign = await fetch(`${served.base}/vault/upload?name=x`, {
      method: 'POST',
      headers: { ...auth(), origin: 'http://evil.example' },
      body: 'x',
    });
    expect(foreign.status).toBe(403);
    const missing = await fetch(`${served.base}/vault/items/${'0'.repeat(32)}/content`, { headers: auth() });
    expect(missing.status).toBe(404);
    const noToken = await fetch(`${served.base}/vault/items/${'0'.repeat(32)}/content`);
    expect(noToken.status).toBe(401);
  });

  it.skipIf(!haveAge)(
    'answers a replaced blob with a typed error naming the item, not its content',
    async () => {
      const blobs = join(dataDir, 'vault', 'blobs');
      const before = new Set(readdirSync(blobs));
      const up = await fetch(`${served.base}/vault/upload?name=notes.txt`, {
        method: 'POST',
        headers: auth(),
        body: 'the genuine notes',
      });
      const { item } = (await up.json()) as { item: { id: string } };
      const blob = readdirSync(blobs).find((b) => !before.has(b))!;
      const src = join(tempDir(), 'planted.txt');
      writeFileSync(src, 'PLANTED content');
      const { recipient } = await conn.api.vault.state({});
      execFileSync(AGE, ['-r', recipient!, '-o', join(blobs, blob), src], { stdio: 'ignore' });

      const down = await fetch(`${served.base}/vault/items/${item.id}/content`, { headers: auth() });
      const text = await down.text();
      expect(down.status).not.toBe(200);
      expect(text).not.toContain('PLANTED');
      expect(JSON.parse(text)).toMatchObject({
        error: {
          code: 'CORRUPT',
          message: expect.stringContaining(`Item ${item.id}'s encrypted file was replaced`),
        },
      });
      await expect(conn.api.vault.preview({ id: item.id, maxBytes: 100 })).rejects.toMatchObject({
        code: 'CORRUPT',
        message: expect.stringContaining(item.id),
      });
      expect((await conn.api.vault.state({})).damaged).toContain(item.id);
    },
  );

  it('never hands the identity to a browser connection', async () => {
    await expect(
      conn.api.vault.exportIdentity({ passphrase: 'http transfer passphrase' }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
