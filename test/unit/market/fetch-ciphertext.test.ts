import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CiphertextMismatch, fetchCiphertext } from '../../../src-main/market/receive/fetch-ciphertext.js';
import type { AssetMetadata } from '../../../src-shared/domain/asset-metadata.js';
import { tempDir } from '../../support/tmp.js';

const blob = randomBytes(100_000);
const sha = createHash('sha256').update(blob).digest('hex');
let server: Server | undefined;
const ranges: (string | undefined)[] = [];

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  server = createServer((req, res) => {
    ranges.push(req.headers.range);
    handler(req, res);
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const meta = (urls: string[], size = blob.length): AssetMetadata => ({
  sahel: 1,
  title: 'T',
  description: '',
  kind: 'dataset',
  tags: [],
  licenseText: '',
  content: { size: 1, format: 'bin' },
  ciphertext: { sha256: `0x${sha}`, size, locations: urls.map((url) => ({ kind: 'url' as const, url })) },
});

/** Serves `bytes` with Range support, as the blob listener does. */
const ranged = (bytes: Buffer) => (req: IncomingMessage, res: ServerResponse) => {
  const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  if (!m) return res.writeHead(200, { 'content-length': bytes.length }).end(bytes);
  const from = Number(m[1]);
  res
    .writeHead(206, { 'content-range': `bytes ${from}-${bytes.length - 1}/${bytes.length}` })
    .end(bytes.subarray(from));
};

afterEach(async () => {
  ranges.length = 0;
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
});

describe('fetching a bought asset’s ciphertext', () => {
  it('resumes a partial download with Range and checks the sha256', async () => {
    const base = await serve(ranged(blob));
    const dir = tempDir();
    writeFileSync(join(dir, `${sha}.part`), blob.subarray(0, 30_000));
    const path = await fetchCiphertext(meta([`${base}/x.age`]), { dir, devnet: true });
    expect(ranges).toEqual(['bytes=30000-']);
    expect(readFileSync(path).equals(blob)).toBe(true);
  });

  it('hashes what a resumed file already held with what arrives: other first bytes are evidence', async () => {
    const base = await serve(ranged(blob));
    const dir = tempDir();
    const before = Buffer.from(blob.subarray(0, 30_000));
    before[10] = (before[10] ?? 0) ^ 1;
    writeFileSync(join(dir, `${sha}.part`), before);
    const err = await fetchCiphertext(meta([`${base}/x.age`]), { dir, devnet: true }).catch(
      (e: unknown) => e,
    );
    expect(ranges).toEqual(['bytes=30000-']);
    expect(err).toBeInstanceOf(CiphertextMismatch);
    expect(
      readFileSync((err as CiphertextMismatch).path)
        .subarray(0, 30_000)
        .equals(before),
    ).toBe(true);
  });

  it('a partial file already whole is checked without asking anyone', async () => {
    const base = await serve(ranged(blob));
    const dir = tempDir();
    writeFileSync(join(dir, `${sha}.part`), blob);
    const path = await fetchCiphertext(meta([`${base}/x.age`]), { dir, devnet: true });
    expect(ranges).toEqual([]);
    expect(readFileSync(path).equals(blob)).toBe(true);
  });

  it('refuses a redirect and tries the next location', async () => {
    const base = await serve((req, res) => {
      if (req.url === '/moved') return res.writeHead(302, { location: 'file:///etc/passwd' }).end();
      ranged(blob)(req, res);
    });
    const path = await fetchCiphertext(meta([`${base}/moved`, `${base}/ok`]), {
      dir: tempDir(),
      devnet: true,
    });
    expect(readFileSync(path).equals(blob)).toBe(true);
    await expect(fetchCiphertext(meta([`${base}/moved`]), { dir: tempDir(), devnet: true })).rejects.toThrow(
      /redirected \(302\): refused/,
    );
  });

  it('gives up a location that stalls, keeps what it sent for a resume, and tries the next', async () => {
    const stalled: ServerResponse[] = [];
    const base = await serve((req, res) => {
      if (req.url === '/stall') {
        res.writeHead(200, { 'content-length': blob.length });
        res.write(blob.subarray(0, 1000));
        stalled.push(res); // never ends
        return;
      }
      ranged(blob)(req, res);
    });
    const dir = tempDir();
    try {
      await expect(
        fetchCiphertext(meta([`${base}/stall`]), { dir, devnet: true, idleMs: 300 }),
      ).rejects.toThrow(/sent nothing for 0\.3 s: given up for now/);
      expect(readFileSync(join(dir, `${sha}.part`))).toEqual(blob.subarray(0, 1000));
      const path = await fetchCiphertext(meta([`${base}/stall`, `${base}/ok`]), {
        dir,
        devnet: true,
        idleMs: 300,
      });
      expect(readFileSync(path).equals(blob)).toBe(true);
      expect(ranges.slice(-1)).toEqual(['bytes=1000-']);
    } finally {
      for (const res of stalled) res.destroy();
    }
  });

  it('refuses loopback addresses outside a devnet, before asking them', async () => {
    const base = await serve(ranged(blob));
    await expect(fetchCiphertext(meta([`${base}/x`]), { dir: tempDir(), devnet: false })).rejects.toThrow(
      /loopback or private address/,
    );
    expect(ranges).toEqual([]);
  });

  it('stops an answer longer than the announced size', async () => {
    const base = await serve((_req, res) => res.writeHead(200).end(Buffer.concat([blob, Buffer.alloc(10)])));
    await expect(fetchCiphertext(meta([`${base}/x`]), { dir: tempDir(), devnet: true })).rejects.toThrow(
      /more than the announced/,
    );
  });

  it('keeps other bytes of the right size as evidence and says so', async () => {
    const other = Buffer.from(blob);
    other[5] = (other[5] ?? 0) ^ 1;
    const base = await serve(ranged(other));
    const dir = tempDir();
    const err = await fetchCiphertext(meta([`${base}/x`]), { dir, devnet: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CiphertextMismatch);
    expect(readFileSync((err as CiphertextMismatch).path).equals(other)).toBe(true);
    expect(existsSync(join(dir, sha))).toBe(false);
  });

  it('takes an inline copy from the listing, checked like a download; a wrong one is evidence', async () => {
    const inline = (bytes: Buffer): AssetMetadata => ({
      ...meta([]),
      ciphertext: {
        sha256: `0x${sha}`,
        size: blob.length,
        locations: [{ kind: 'inline', base64: bytes.toString('base64') }],
      },
    });
    const dir = tempDir();
    expect(readFileSync(await fetchCiphertext(inline(blob), { dir, devnet: false })).equals(blob)).toBe(true);

    const other = Buffer.from(blob);
    other[7] = (other[7] ?? 0) ^ 1;
    const err = await fetchCiphertext(inline(other), { dir: tempDir(), devnet: false }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CiphertextMismatch);
    expect((err as Error).message).toMatch(/from the listing is not the one/);

    // A copy of another size is not written; the next location is tried.
    const base = await serve(ranged(blob));
    const short = inline(blob.subarray(1));
    short.ciphertext.locations.push({ kind: 'url', url: `${base}/x` });
    const path = await fetchCiphertext(short, { dir: tempDir(), devnet: true });
    expect(readFileSync(path).equals(blob)).toBe(true);
    expect(ranges).toEqual([undefined]);
    await expect(fetchCiphertext(inline(blob.subarray(1)), { dir: tempDir(), devnet: true })).rejects.toThrow(
      /inline: holds 99999 bytes, not the announced 100000/,
    );
  });

  it('fetches an ipfs location through the gateway set in Settings, checked like any download; none set: skipped', async () => {
    const cid = `b${'a'.repeat(58)}`;
    const asked: string[] = [];
    const base = await serve((req, res) => {
      asked.push(req.url ?? '');
      ranged(blob)(req, res);
    });
    const viaIpfs: AssetMetadata = {
      ...meta([]),
      ciphertext: { sha256: `0x${sha}`, size: blob.length, locations: [{ kind: 'ipfs', cid }] },
    };
    const path = await fetchCiphertext(viaIpfs, { dir: tempDir(), devnet: true, ipfsGateway: `${base}/` });
    expect(asked).toEqual([`/ipfs/${cid}`]);
    expect(readFileSync(path).equals(blob)).toBe(true);
    await expect(fetchCiphertext(viaIpfs, { dir: tempDir(), devnet: true })).rejects.toThrow(
      /ipfs: no IPFS gateway is set/,
    );
    // A gateway on a loopback address is refused off a devnet, like any location.
    await expect(
      fetchCiphertext(viaIpfs, { dir: tempDir(), devnet: false, ipfsGateway: base }),
    ).rejects.toThrow(/loopback or private address/);
  });

  it("follows a gateway's http(s) redirect (to its subdomain form), each hop checked; a redirect elsewhere is refused", async () => {
    const cid = `b${'c'.repeat(58)}`;
    const asked: string[] = [];
    const base = await serve((req, res) => {
      asked.push(req.url ?? '');
      if (req.url === `/ipfs/${cid}`) return void res.writeHead(301, { location: `/sub/${cid}` }).end();
      if (req.url === `/sub/${cid}`) return ranged(blob)(req, res);
      res.writeHead(302, { location: 'file:///etc/passwd' }).end();
    });
    const via = (c: string): AssetMetadata => ({
      ...meta([]),
      ciphertext: { sha256: `0x${sha}`, size: blob.length, locations: [{ kind: 'ipfs', cid: c }] },
    });
    const path = await fetchCiphertext(via(cid), { dir: tempDir(), devnet: true, ipfsGateway: base });
    expect(asked).toEqual([`/ipfs/${cid}`, `/sub/${cid}`]);
    expect(readFileSync(path).equals(blob)).toBe(true);
    await expect(
      fetchCiphertext(via(`b${'d'.repeat(58)}`), { dir: tempDir(), devnet: true, ipfsGateway: base }),
    ).rejects.toThrow(/a redirect or link to file: \(only http and https are followed\)/);
  });

  it('off a devnet refuses every range that is not the public internet, the same list as metadata fetches', async () => {
    // 198.18/15 (benchmarking), 224/3 (multicast) and a v4-mapped loopback were let through by a
    // shorter list of its own; one policy now serves metadata, uploads checked back and downloads.
    for (const host of ['198.18.0.1', '224.0.0.1', '[::ffff:127.0.0.1]', '[fe80::1]']) {
      await expect(
        fetchCiphertext(meta([`http://${host}:9/x`]), { dir: tempDir(), devnet: false, idleMs: 300 }),
      ).rejects.toThrow(/is a loopback or private address/);
    }
  });
});
