import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BlobServer } from '../../../src-main/market/hosting/blob-server.js';
import { checkUploaded } from '../../../src-main/market/publish/url-check.js';
import { openDatabase } from '../../../src-main/store/database.js';
import { PublishedAssetsRepo } from '../../../src-main/store/published-assets-repo.js';
import { SahelError } from '../../../src-shared/errors.js';
import { silentLogger } from '../../support/logger.js';
import { tempDir } from '../../support/tmp.js';

/** A data dir with one published ciphertext (a row in state offered and its file), and one only prepared. */
function published(dir: string) {
  const blobs = join(dir, 'market', 'blobs');
  mkdirSync(blobs, { recursive: true });
  const db = openDatabase(join(dir, 'sahel.db'));
  const repo = new PublishedAssetsRepo(db);
  const add = (id: string, state: 'prepared' | 'offered', bytes: Buffer) => {
    const sha = createHash('sha256').update(bytes).digest('hex');
    writeFileSync(join(blobs, sha), bytes);
    repo.insert({
      id,
      chainId: 31337,
      vaultItemId: 'i',
      contentHash: `0x${randomBytes(32).toString('hex')}`,
      ciphertextHash: sha,
      ciphertextSize: bytes.length,
      sealedIdentity: Buffer.from('x'),
      metadata: '{}',
      state,
      assetId: state === 'offered' ? id : null,
      offerId: state === 'offered' ? id : null,
      registerTx: null,
      offerTx: null,
      createdAt: 'now',
      updatedAt: 'now',
    });
    return sha;
  };
  const bytes = randomBytes(10_000);
  const sha = add('1', 'offered', bytes);
  const unpublished = add('2', 'prepared', randomBytes(100));
  return { db, repo, blobs, bytes, sha, unpublished };
}

async function listen(blobs: string, repo: PublishedAssetsRepo, o: { burst?: number } = {}) {
  const server = new BlobServer({
    dir: blobs,
    isServed: (h) => repo.isServed(h),
    log: silentLogger(),
    ...(o.burst ? { burst: o.burst, perMinute: 1 } : {}),
  });
  const port = await server.start('127.0.0.1', 0);
  return { server, url: `http://127.0.0.1:${port}` };
}

describe('the peer blob listener', () => {
  it('serves a published ciphertext whole, by range (206) and refuses an unsatisfiable range (416)', async () => {
    const p = published(tempDir());
    const { server, url } = await listen(p.blobs, p.repo);
    const whole = await fetch(`${url}/market/blobs/${p.sha}`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await whole.arrayBuffer()).equals(p.bytes)).toBe(true);
    const part = await fetch(`${url}/market/blobs/${p.sha}`, { headers: { range: 'bytes=100-1099' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 100-1099/10000');
    expect(Buffer.from(await part.arrayBuffer()).equals(p.bytes.subarray(100, 1100))).toBe(true);
    const tail = await fetch(`${url}/market/blobs/${p.sha}`, { headers: { range: 'bytes=-10' } });
    expect(Buffer.from(await tail.arrayBuffer()).equals(p.bytes.subarray(9990))).toBe(true);
    const resume = await fetch(`${url}/market/blobs/${p.sha}`, { headers: { range: 'bytes=9000-' } });
    expect(resume.headers.get('content-range')).toBe('bytes 9000-9999/10000');
    const beyond = await fetch(`${url}/market/blobs/${p.sha}`, { headers: { range: 'bytes=10000-' } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe('bytes */10000');
    const head = await fetch(`${url}/market/blobs/${p.sha}`, { method: 'HEAD' });
    expect([head.status, head.headers.get('content-length')]).toEqual([200, '10000']);
    await server.stop();
    p.db.close();
  });

  it('400 on any other path or a malformed hash, 404 on a hash that is not published, 405 on other methods', async () => {
    const p = published(tempDir());
    writeFileSync(join(p.blobs, 'f'.repeat(64)), 'in the folder but not published');
    symlinkSync('/etc/passwd', join(p.blobs, 'e'.repeat(64)));
    p.repo.insert({
      ...p.repo.get('1')!,
      id: '3',
      contentHash: `0x${'3'.repeat(64)}`,
      ciphertextHash: 'e'.repeat(64),
      assetId: '3',
      offerId: '3',
    });
    const { server, url } = await listen(p.blobs, p.repo);
    const status = async (path: string, method = 'GET') => (await fetch(`${url}${path}`, { method })).status;
    expect(await status(`/market/blobs/${p.sha.toUpperCase()}`)).toBe(400);
    expect(await status(`/market/blobs/${p.sha}?x=1`)).toBe(400);
    expect(await status(`/market/blobs/${p.sha}/`)).toBe(400);
    expect(await status('/market/blobs/')).toBe(400);
    expect(await status('/market/blobs/..%2F..%2Fsahel.db')).toBe(400);
    expect(await status('/')).toBe(400);
    expect(await status(`/market/blobs/${p.unpublished}`)).toBe(404);
    expect(await status(`/market/blobs/${'f'.repeat(64)}`)).toBe(404);
    // Published by hash, but the file is a symlink: not followed.
    expect(await status(`/market/blobs/${'e'.repeat(64)}`)).toBe(404);
    expect(await status(`/market/blobs/${p.sha}`, 'POST')).toBe(405);
    await server.stop();
    p.db.close();
  });

  it('answers 429 over the rate for one address, with Retry-After', async () => {
    const p = published(tempDir());
    const { server, url } = await listen(p.blobs, p.repo, { burst: 3 });
    const codes: number[] = [];
    for (let i = 0; i < 4; i++)
      codes.push((await fetch(`${url}/market/blobs/${p.sha}`, { method: 'HEAD' })).status);
    expect(codes).toEqual([200, 200, 200, 429]);
    const over = await fetch(`${url}/market/blobs/${p.sha}`, { method: 'HEAD' });
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    await server.stop();
    p.db.close();
  });

  it('a restart (database reopened, new listener) keeps serving what was published', async () => {
    const dir = tempDir();
    const p = published(dir);
    const first = await listen(p.blobs, p.repo);
    await first.server.stop();
    p.db.close();
    const db = openDatabase(join(dir, 'sahel.db'));
    const again = await listen(p.blobs, new PublishedAssetsRepo(db));
    const res = await fetch(`${again.url}/market/blobs/${p.sha}`);
    expect(Buffer.from(await res.arrayBuffer()).equals(p.bytes)).toBe(true);
    await again.server.stop();
    db.close();
  });
});

describe('checking an uploaded copy before it is listed', () => {
  async function host(answer: (path: string) => { status: number; body?: Buffer; location?: string }) {
    const server = createServer((req, res) => {
      const a = answer(req.url ?? '');
      if (a.location) res.setHeader('location', a.location);
      res.statusCode = a.status;
      res.end(a.body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
  }
  const bytes = randomBytes(5000);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const fails = (code: string, text: RegExp) => (e: unknown) =>
    SahelError.is(e) && e.code === code && text.test(e.message);

  it('accepts the same bytes; refuses other bytes, a missing file, a redirect, and loopback outside a devnet', async () => {
    const h = await host((path) =>
      path === '/ok.age'
        ? { status: 200, body: bytes }
        : path === '/other.age'
          ? { status: 200, body: Buffer.concat([bytes, Buffer.from('x')]) }
          : path === '/moved.age'
            ? { status: 302, location: '/ok.age' }
            : { status: 404 },
    );
    const check = (path: string, devnet = true) =>
      checkUploaded({ url: `${h.url}${path}`, sha256, size: bytes.length, devnet });
    await expect(check('/ok.age')).resolves.toBeUndefined();
    await expect(check('/other.age')).rejects.toSatisfy(fails('BAD_INPUT', /not the \.age file Sahel wrote/));
    await expect(check('/none.age')).rejects.toSatisfy(fails('BAD_INPUT', /answered 404/));
    await expect(check('/moved.age')).rejects.toSatisfy(fails('UNAVAILABLE', /redirected/));
    await expect(check('/ok.age', false)).rejects.toSatisfy(
      fails('BAD_INPUT', /loopback or private address/),
    );
    await expect(
      checkUploaded({ url: 'ftp://example.org/x.age', sha256, size: 1, devnet: true }),
    ).rejects.toSatisfy(fails('BAD_INPUT', /ftp: locations are not supported/));
    h.close();
  });
});
