import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Prng, prng } from '../../../support/prng.js';
import { rawRequest } from '../../../support/raw-http.js';
import { type Served, startServe } from '../../../support/sahel-process.js';
import { tempDir } from '../../../support/tmp.js';
import { wsConnect } from '../../../support/ws-client.js';

/**
 * HTTP-level fuzzing of a real `sahel serve` over raw sockets: request lines, targets, headers,
 * cookies, bodies and upgrades, seeded so a failure replays (SAHEL_FUZZ_SEED=<n> to try others).
 * The process must survive every case, and bad input must get a 4xx, never a 5xx.
 */
const CASES = 5000;
const SEED = Number(process.env.SAHEL_FUZZ_SEED ?? 0x5a4e1);
const PARALLEL = 8;

const TARGETS = [
  '/',
  '/index.html',
  '//x:y/',
  '//%/',
  '//[/',
  'http://[',
  'http://127.0.0.1/',
  '*',
  '',
  '/%',
  '/%zz',
  '/%00',
  '/..%2f..%2f..%2fetc%2fpasswd',
  '/../../etc/passwd',
  '/\\..\\..\\',
  '/api',
  '/api/session',
  '/api?x=%zz',
  '/vault/upload',
  '/vault/upload?name=%zz',
  '/vault/upload?name=../x',
  '/vault/upload?name=a&parentId=zz',
  '/vault/items/00000000000000000000000000000000/content',
  '/vault/items/%zz/content',
  '/v1',
  '/v1/models',
  '/v1/models/%zz',
  '/v1/chat/completions',
  '/v1/embeddings',
  '/?token=%zz',
  '/?token=',
  '/assets/%E0%A4%A.js',
  '/[',
  '/]',
  '/#frag',
  '/?a=%ff%fe',
] as const;
const METHODS = [
  'GET',
  'POST',
  'HEAD',
  'PUT',
  'DELETE',
  'OPTIONS',
  'PATCH',
  'get',
  'G\x00T',
  'CONNECT',
  'TRACE',
];
const VERSIONS = [
  'HTTP/1.1',
  'HTTP/1.1',
  'HTTP/1.1',
  'HTTP/1.0',
  'HTTP/2.0',
  'HTTP/9.9',
  'HTTP/1.1 x',
  'FOO',
];
const COOKIES = ['x=%zz', 'x=%E0%A4%A', '=', ';;;', 'a', 'sahel_token_1=%', '"quoted"="', 'x=\u00ff'];

function target(rng: Prng): string {
  let t: string = rng.chance(0.4)
    ? rng.pick(['/', '/index.html', '/api/session', '/vault/upload?name=f', '/v1/models'])
    : rng.pick(TARGETS);
  if (rng.chance(0.3)) {
    const at = rng.int(t.length + 1);
    t =
      t.slice(0, at) +
      rng.pick(['%', '/', '//', '\\', '[', ':', '?', '#', '%zz', rng.printable(3)]) +
      t.slice(at);
  }
  if (rng.chance(0.02)) t = `/${'a'.repeat(rng.int(20_000))}`;
  return t;
}

interface Case {
  bytes: Buffer;
  /** A well-formed request from a client that is not the token holder, where a 5xx is never right. */
  label: string;
}

function makeCase(rng: Prng, port: number, token: string): Case {
  // Mostly well-formed request lines, so that many cases get past the parser to the server's own code.
  const method = rng.chance(0.7) ? rng.pick(['GET', 'POST']) : rng.pick(METHODS);
  const t = target(rng);
  const line = rng.chance(0.03)
    ? rng.printable(rng.int(60))
    : `${method} ${t} ${rng.chance(0.8) ? 'HTTP/1.1' : rng.pick(VERSIONS)}`;
  const h: string[] = [];
  const host = rng.pick([`127.0.0.1:${port}`, `localhost:${port}`, 'evil.example', '', `127.0.0.1:${port}`]);
  if (!rng.chance(0.05)) h.push(`Host: ${host}`);
  if (rng.chance(0.03)) h.push(`Host: ${host}x`);
  const authed = rng.chance(0.5);
  if (authed) {
    if (rng.chance(0.5)) h.push(`Authorization: Bearer ${token}`);
    else h.push(`Cookie: ${rng.pick(COOKIES)}; sahel_token_${port}=${token}; ${rng.pick(COOKIES)}`);
  } else if (rng.chance(0.5)) {
    h.push(
      rng.chance(0.5)
        ? `Cookie: ${rng.pick(COOKIES)}`
        : `Authorization: ${rng.pick(['Bearer', 'Bearer ', 'Basic x', `Bearer ${token}x`])}`,
    );
  }
  if (rng.chance(0.3))
    h.push(
      `Origin: ${rng.pick(['null', 'http://evil.example', `http://127.0.0.1:${port}`, '%zz', 'http://['])}`,
    );
  if (rng.chance(0.15)) {
    h.push('Upgrade: websocket', 'Connection: Upgrade');
    if (rng.chance(0.8))
      h.push(`Sec-WebSocket-Key: ${rng.pick(['dGhlIHNhbXBsZSBub25jZQ==', '', '%zz', rng.printable(24)])}`);
    if (rng.chance(0.8)) h.push(`Sec-WebSocket-Version: ${rng.pick(['13', '8', 'x', ''])}`);
  } else {
    h.push('Connection: close');
  }
  let body = Buffer.alloc(0);
  if (rng.chance(0.4)) {
    body = rng.chance(0.5)
      ? rng.bytes(rng.int(3000))
      : Buffer.from(rng.pick(['{}', '{"model":1}', '[', 'null', '{"messages":[{"role":"x"}]}']));
    const len = rng.pick([
      String(body.length),
      String(body.length),
      '-1',
      'abc',
      '99999999999999999999',
      String(body.length + 5),
    ]);
    if (rng.chance(0.15)) {
      h.push('Transfer-Encoding: chunked');
      body = Buffer.concat([
        Buffer.from(`${rng.pick([body.length.toString(16), 'zz', '-1'])}\r\n`),
        body,
        Buffer.from('\r\n0\r\n\r\n'),
      ]);
    } else {
      h.push(`Content-Length: ${len}`);
      if (rng.chance(0.05)) h.push(`Content-Length: ${Number(len) + 1}`);
    }
  }
  for (let i = rng.chance(0.05) ? 150 : rng.int(3); i > 0; i--)
    h.push(`X-${rng.printable(rng.int(8) + 1).replace(/[^A-Za-z0-9]/g, 'y')}: ${rng.printable(rng.int(40))}`);
  if (rng.chance(0.03)) h.push(`X-Long: ${'v'.repeat(20_000)}`);
  if (rng.chance(0.03)) h.push(`Bad Header\x01: ${rng.printable(5)}`);
  const eol = rng.chance(0.05) ? '\n' : '\r\n';
  let bytes = Buffer.concat([Buffer.from(`${line}${eol}${h.join(eol)}${eol}${eol}`, 'latin1'), body]);
  if (rng.chance(0.05)) bytes = bytes.subarray(0, rng.int(bytes.length));
  if (rng.chance(0.03)) bytes = rng.bytes(rng.int(500));
  return {
    bytes,
    label: `${line.slice(0, 80)} [${h.map((x) => x.split(':')[0]).join(',')}] body=${body.length}`,
  };
}

describe('HTTP fuzzing of sahel serve (issue 14)', () => {
  let served: Served;

  beforeAll(async () => {
    served = await startServe(tempDir());
    // An unlocked vault, so authenticated uploads and downloads reach the vault's code too.
    const conn = await wsConnect(served);
    await conn.api.vault.create({ passphrase: 'fuzzing 52 copper lanterns' });
    conn.close();
  });
  afterAll(async () => {
    await served?.stop();
  });

  it(`survives ${CASES} seeded malformed requests (seed ${SEED}) and never answers 5xx`, async () => {
    const rng = prng(SEED);
    const cases = Array.from({ length: CASES }, () => makeCase(rng, served.port, served.token));
    const serverErrors: string[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const worker = async () => {
      while (next < cases.length && served.child.exitCode === null) {
        const c = cases[next++] as Case;
        const res = await rawRequest(served.port, c.bytes, 250);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status >= 500) serverErrors.push(`${res.status} ${c.label}`);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    expect(served.child.exitCode, served.stderr()).toBeNull();
    expect(serverErrors).toEqual([]);
    // The run reached past the front door, or it proves little.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(50);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(100);
    expect(statuses.get(401) ?? 0).toBeGreaterThan(100);
    const ok = await fetch(`${served.base}/api/session`, {
      headers: { authorization: `Bearer ${served.token}` },
    });
    expect(ok.status).toBe(204);
    const conn = await wsConnect(served);
    await expect(conn.api.app.info({})).resolves.toMatchObject({ name: 'Sahel' });
    conn.close();
  }, 240_000);
});
