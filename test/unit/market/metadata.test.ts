import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { assetText } from '../../../src-main/market/display.js';
import { isPrivateAddress } from '../../../src-main/market/metadata/address-policy.js';
import { dataUriBytes } from '../../../src-main/market/metadata/data-uri.js';
import { MetadataResolver } from '../../../src-main/market/metadata/resolver.js';
import { type AssetMetadata, METADATA_MAX_BYTES } from '../../../src-shared/domain/asset-metadata.js';
import { GOOD_METADATA as GOOD } from '../../support/asset-metadata.js';

const json = (v: unknown) => `data:application/json,${encodeURIComponent(JSON.stringify(v))}`;
const resolver = (o: Partial<ConstructorParameters<typeof MetadataResolver>[0]> = {}) =>
  new MetadataResolver({ ipfsGateway: () => '', timeoutMs: 5_000, ...o });

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function serve(handler: RequestListener, host = '127.0.0.1'): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, host, r));
  return `http://${host}:${(server.address() as AddressInfo).port}`;
}

describe('data: metadata URIs', () => {
  it('reads percent-encoded and base64 JSON, strictly', async () => {
    expect(await resolver().resolve(json(GOOD), false)).toEqual({ state: 'ok', metadata: GOOD });
    const b64 = `data:application/json;base64,${Buffer.from(JSON.stringify(GOOD)).toString('base64')}`;
    expect(await resolver().resolve(b64, false)).toEqual({ state: 'ok', metadata: GOOD });
    expect(() => dataUriBytes('data:text/html,<script>alert(1)</script>')).toThrow(/not application\/json/);
    expect(() => dataUriBytes('data:application/json;foo=bar,{}')).toThrow(/not application\/json/);
    expect(() => dataUriBytes('data:application/json,%zz')).toThrow(/malformed % escape/);
    expect(() => dataUriBytes('data:application/json,{"a": 1}')).toThrow(/should have been %-encoded/);
    expect(() => dataUriBytes('data:application/json;base64,a$==')).toThrow(/malformed base64/);
  });

  it('refuses a huge document before decoding it', async () => {
    const huge = json({ ...GOOD, description: 'x'.repeat(METADATA_MAX_BYTES) });
    const out = await resolver().resolve(huge, false);
    expect(out).toEqual({ state: 'unreadable', problem: 'metadata could not be read: larger than 64 KiB' });
  });

  it('names what is wrong with an invalid document, and maps the old demo form as legacy', async () => {
    const out = await resolver().resolve(json({ ...GOOD, sahel: 2 }), false);
    expect(out.state).toBe('unreadable');
    expect(out.state === 'unreadable' && out.problem).toMatch(
      /^metadata could not be read: not Sahel asset metadata v1 \(sahel: /,
    );
    expect(await resolver().resolve(json({ name: 'Old', description: 'demo', demo: true }), false)).toEqual({
      state: 'legacy',
      title: 'Old',
      description: 'demo',
    });
    // Anything beside the three legacy keys is not the legacy form.
    expect(
      (await resolver().resolve(json({ name: 'Old', description: 'd', demo: true, x: 1 }), false)).state,
    ).toBe('unreadable');
    expect((await resolver().resolve('ftp://example.org/meta.json', false)).state).toBe('unreadable');
  });
});

describe('untrusted metadata text', () => {
  it('keeps HTML as literal text, neutralises zero-width and bidi characters, caps lengths', () => {
    const metadata: AssetMetadata = {
      ...GOOD,
      title: 'Safe\u202Etxt.exe\u200B<img src=x onerror=alert(1)>',
      description: `<script>alert(1)</script>\u2066${'d'.repeat(8000)}`,
      tags: ['ok\u200Dtag'],
    };
    const t = assetText('7', 'dataset', { state: 'ok', metadata });
    expect(t.title).toBe('Safe<U+202E>txt.exe<U+200B><img src=x onerror=alert(1)>');
    expect(t.description.startsWith('<script>alert(1)</script><U+2066>ddd')).toBe(true);
    expect(Array.from(t.description)).toHaveLength(8000);
    expect(t.description.endsWith('…')).toBe(true);
    expect(t.tags).toEqual(['ok<U+200D>tag']);
  });

  it('flags a kind that lies and shows the chain kind; a neutral title for unreadable metadata', () => {
    const lying = assetText('3', 'adapter', { state: 'ok', metadata: GOOD });
    expect(lying.metadata).toEqual({
      state: 'ok',
      kindClaimed: 'dataset',
      problem: 'the metadata says dataset; the chain registered a adapter',
    });
    expect(assetText('3', 'dataset', { state: 'ok', metadata: GOOD }).metadata).toEqual({ state: 'ok' });
    const bad = assetText('9', 'model', { state: 'unreadable', problem: 'metadata could not be read: x' });
    expect(bad.title).toBe('Asset #9');
    expect(bad.metadata.problem).toBe('metadata could not be read: x');
  });
});

describe('http(s) metadata', () => {
  it('fetches JSON from a devnet-local server; refuses loopback outside a devnet', async () => {
    const url = await serve((_req, res) => res.end(JSON.stringify(GOOD)));
    expect(await resolver().resolve(`${url}/m.json`, true)).toEqual({ state: 'ok', metadata: GOOD });
    const out = await resolver().resolve(`${url}/m.json`, false);
    expect(out).toEqual({
      state: 'unreadable',
      problem: expect.stringMatching(/loopback or private address, refused outside a devnet/),
    });
  });

  it('refuses a redirect to loopback on a non-devnet network, checked at connection time', async () => {
    const target = await serve((_req, res) => res.end(JSON.stringify(GOOD)));
    const port = new URL(target).port;
    // The first hop is named through a host that resolves to loopback: the lookup check must catch it.
    const out = await resolver().resolve(`http://localhost:${port}/m.json`, false);
    expect(out.state === 'unreadable' && out.problem).toMatch(/localhost is a loopback or private address/);
    // A redirect from a public hop to loopback: the hop (127.0.0.1, posed as public here) answers with
    // a redirect to 127.0.0.2, which the same connection-time check refuses.
    const hidden = await serve((_req, res) => res.end(JSON.stringify(GOOD)), '127.0.0.2');
    const hop = await serve((_req, res) => res.writeHead(302, { location: `${hidden}/m.json` }).end());
    const posed = resolver({ isPrivate: (a) => a !== '127.0.0.1' });
    const viaRedirect = await posed.resolve(`${hop}/start`, false);
    expect(viaRedirect.state === 'unreadable' && viaRedirect.problem).toMatch(
      /127\.0\.0\.2:\d+ is a loopback or private address, refused outside a devnet/,
    );
    // The same redirect on a devnet is followed.
    expect((await posed.resolve(`${hop}/start`, true)).state).toBe('ok');
  });

  it('refuses redirects to other schemes, and too many hops', async () => {
    const toFile = await serve((_req, res) => res.writeHead(301, { location: 'file:///etc/passwd' }).end());
    const a = await resolver().resolve(toFile, true);
    expect(a.state === 'unreadable' && a.problem).toMatch(
      /a redirect or link to file: \(only http and https/,
    );
    const loop = await serve((req, res) => res.writeHead(302, { location: `${req.url}x` }).end());
    const b = await resolver().resolve(`${loop}/`, true);
    expect(b.state === 'unreadable' && b.problem).toMatch(/too many redirects/);
  });

  it('cuts off a body past the cap, declared or not', async () => {
    const big = 'x'.repeat(METADATA_MAX_BYTES + 1);
    const declared = await serve((_req, res) => res.end(big));
    const chunked = await serve((_req, res) => {
      res.write('{');
      res.end(big);
    });
    for (const url of [declared, chunked]) {
      expect(await resolver().resolve(url, true)).toEqual({
        state: 'unreadable',
        problem: 'metadata could not be read: larger than 64 KiB',
      });
    }
  });

  it('gives up on a server that never answers, and names HTTP errors', async () => {
    const silent = await serve(() => {});
    const out = await resolver({ timeoutMs: 300 }).resolve(silent, true);
    expect(out).toEqual({ state: 'unreadable', problem: 'metadata could not be read: no answer in time' });
    const missing = await serve((_req, res) => res.writeHead(404).end());
    const m = await resolver().resolve(missing, true);
    expect(m.state === 'unreadable' && m.problem).toMatch(/answered HTTP 404/);
  });

  it('reads ipfs:// through the gateway in Settings, and says when none is set', async () => {
    const cid = `b${'a'.repeat(58)}`;
    const seen: string[] = [];
    const gateway = await serve((req, res) => {
      seen.push(req.url ?? '');
      res.end(JSON.stringify(GOOD));
    });
    expect(await resolver({ ipfsGateway: () => `${gateway}/` }).resolve(`ipfs://${cid}`, true)).toEqual({
      state: 'ok',
      metadata: GOOD,
    });
    expect(seen).toEqual([`/ipfs/${cid}`]);
    const none = await resolver().resolve(`ipfs://${cid}`, true);
    expect(none.state === 'unreadable' && none.problem).toMatch(/needs an IPFS gateway/);
  });

  it('caches answers (bounded) and retries failures only after a while', async () => {
    let hits = 0;
    const url = await serve((_req, res) => {
      hits++;
      res.end(hits === 1 ? 'not json' : JSON.stringify(GOOD));
    });
    let now = 0;
    const r = resolver({ now: () => now, retryAfterMs: 1_000, maxEntries: 1 });
    expect((await r.resolve(url, true)).state).toBe('unreadable');
    expect((await r.resolve(url, true)).state).toBe('unreadable');
    expect(hits).toBe(1);
    now = 2_000;
    expect((await r.resolve(url, true)).state).toBe('ok');
    expect((await r.resolve(url, true)).state).toBe('ok');
    expect(hits).toBe(2);
    await r.resolve(json(GOOD), true); // evicts the http entry (bound of 1)
    await r.resolve(url, true);
    expect(hits).toBe(3);
  });
});

describe('the metadata cache', () => {
  it('is bounded by bytes held, least recently used dropped first, and peeks without fetching', async () => {
    const a = json({ ...GOOD, title: 'A', description: 'x'.repeat(3_000) });
    const b = json({ ...GOOD, title: 'B', description: 'y'.repeat(3_000) });
    // An entry holds its URI and its decoded document, about twice a.length: room for two, not three.
    const r = resolver({ maxBytes: a.length * 5 });
    expect(r.peek(a, true)).toBeUndefined();
    await r.resolve(a, true);
    await r.resolve(b, true);
    expect(r.peek(a, true)?.state).toBe('ok');
    expect(r.peek(a, false)).toBeUndefined(); // a devnet's answer never serves a real network
    await r.resolve(a, true); // a used last: b is now the oldest
    await r.resolve(json({ ...GOOD, title: 'C', description: 'z'.repeat(3_000) }), true);
    expect(r.peek(b, true)).toBeUndefined();
    expect(r.peek(a, true)?.state).toBe('ok');
  });
});

describe('private addresses', () => {
  it('knows loopback, private, link-local and mapped forms from public ones', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '0.0.0.0',
      '::',
    ]) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ['93.184.216.34', '2606:2800:220:1::1', '::ffff:8.8.8.8']) {
      expect(isPrivateAddress(a), a).toBe(false);
    }
  });
});
