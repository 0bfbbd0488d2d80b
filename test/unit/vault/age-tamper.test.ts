// Tampering with an age file Sahel wrote: every change is rejected, with the error for where it was
// made, through both the all-or-nothing buffer API and the streaming API (which must not have released
// plaintext past the last chunk it could prove genuine and non-final).
import { randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { beforeAll, describe, expect, test } from 'vitest';
import type { AgeErrorCode, X25519Identity } from '../../../src-main/vault/age/index.js';
import {
  AgeError,
  createDecryptStream,
  decrypt,
  encrypt,
  generateIdentity,
} from '../../../src-main/vault/age/index.js';

const CHUNK = 64 * 1024;
const ENC = CHUNK + 16;

interface Result {
  code: AgeErrorCode | 'OK' | 'NOT_AGE_ERROR';
  released: Buffer;
}

function codeOf(err: unknown): Result['code'] {
  return err instanceof AgeError ? err.code : 'NOT_AGE_ERROR';
}

async function viaBuffer(id: X25519Identity, file: Buffer): Promise<Result['code']> {
  try {
    await decrypt([id], file);
    return 'OK';
  } catch (err) {
    return codeOf(err);
  }
}

async function viaStream(id: X25519Identity, file: Buffer): Promise<Result> {
  const released: Buffer[] = [];
  const dec = createDecryptStream([id]);
  const push = dec.push.bind(dec);
  dec.push = (chunk: unknown, encoding?: BufferEncoding) => {
    if (chunk) released.push(Buffer.from(chunk as Uint8Array));
    return push(chunk, encoding);
  };
  const pieces = [file.subarray(0, 1000), file.subarray(1000, 70_000), file.subarray(70_000)];
  try {
    await pipeline(
      Readable.from(pieces.filter((p) => p.length > 0)),
      dec,
      new Writable({ write: (_c, _e, cb) => cb() }),
    );
    return { code: 'OK', released: Buffer.concat(released) };
  } catch (err) {
    return { code: codeOf(err), released: Buffer.concat(released) };
  }
}

/** Decrypts through both APIs; both must agree on the error; returns the stream's release. */
async function reject(id: X25519Identity, file: Buffer, allowed: readonly Result['code'][]): Promise<Result> {
  const buffered = await viaBuffer(id, file);
  const streamed = await viaStream(id, file);
  expect(allowed).toContain(buffered);
  expect(streamed.code).toBe(buffered);
  return streamed;
}

/** Byte equality without vitest's element-wise diff, which is slow on 200 KiB buffers. */
function expectSame(actual: Uint8Array, expected: Uint8Array): void {
  expect({ length: actual.length, equal: Buffer.compare(actual, expected) === 0 }).toEqual({
    length: expected.length,
    equal: true,
  });
}

let id: X25519Identity;
let plaintext: Buffer;
let file: Buffer;
let headerEnd: number;
let macLine: number;

/** Splits a file into its header+nonce prefix and its sealed chunks. */
function chunksOf(f: Buffer): { prefix: Buffer; chunks: Buffer[] } {
  const prefix = f.subarray(0, headerEnd + 16);
  const chunks: Buffer[] = [];
  for (let off = headerEnd + 16; off < f.length; off += ENC) chunks.push(f.subarray(off, off + ENC));
  return { prefix, chunks };
}

beforeAll(async () => {
  id = generateIdentity();
  plaintext = randomBytes(3 * CHUNK + 1234); // three full chunks and a short final one
  file = await encrypt([id.recipient()], plaintext);
  headerEnd = file.indexOf('\n---') + 1;
  macLine = headerEnd;
  headerEnd = file.indexOf('\n', macLine) + 1;
  expectSame(await decrypt([id], file), plaintext);
});

describe('header tampering', () => {
  test('flipping any bit-0 of any header byte is rejected with an error for its region', async () => {
    const introEnd = 'age-encryption.org/v1\n'.length;
    for (let i = 0; i < headerEnd; i++) {
      const bad = Buffer.from(file);
      bad[i] = (bad[i] ?? 0) ^ 0x01;
      const allowed: Result['code'][] =
        i < introEnd
          ? ['HEADER_INVALID', 'VERSION_UNSUPPORTED']
          : i < macLine
            ? ['HEADER_INVALID', 'STANZA_INVALID', 'NO_IDENTITY_MATCHED']
            : ['HEADER_INVALID', 'MAC_MISMATCH'];
      const r = await reject(id, bad, allowed);
      expect(r.released.length).toBe(0);
    }
  });

  test('every bit of the MAC matters (MAC_MISMATCH)', async () => {
    const b64 = file.toString('latin1', macLine + 4, headerEnd - 1);
    const mac = Buffer.from(b64, 'base64');
    for (let bit = 0; bit < mac.length * 8; bit++) {
      const m = Buffer.from(mac);
      m[bit >> 3] = (m[bit >> 3] ?? 0) ^ (1 << (bit & 7));
      const line = Buffer.from(`--- ${m.toString('base64').replace(/=+$/, '')}\n`, 'latin1');
      const bad = Buffer.concat([file.subarray(0, macLine), line, file.subarray(headerEnd)]);
      expect((await reject(id, bad, ['MAC_MISMATCH'])).released.length).toBe(0);
    }
  });

  test('every bit of the wrapped file key and of the ephemeral share matters (NO_IDENTITY_MATCHED)', async () => {
    const lines = file.toString('latin1', 0, macLine).split('\n');
    const share = Buffer.from((lines[1] ?? '').split(' ')[2] ?? '', 'base64');
    const body = Buffer.from(lines[2] ?? '', 'base64');
    expect([share.length, body.length]).toEqual([32, 32]);
    for (const which of ['share', 'body'] as const) {
      for (let bit = 0; bit < 256; bit++) {
        const s = Buffer.from(share);
        const b = Buffer.from(body);
        const target = which === 'share' ? s : b;
        target[bit >> 3] = (target[bit >> 3] ?? 0) ^ (1 << (bit & 7));
        const enc = (x: Buffer) => x.toString('base64').replace(/=+$/, '');
        const head = `${lines[0]}\n-> X25519 ${enc(s)}\n${enc(b)}\n`;
        const bad = Buffer.concat([Buffer.from(head, 'latin1'), file.subarray(macLine)]);
        await reject(id, bad, ['NO_IDENTITY_MATCHED', 'STANZA_INVALID']);
      }
    }
  });

  test('a stanza added to an authentic header breaks the MAC', async () => {
    const bad = Buffer.concat([
      file.subarray(0, macLine),
      Buffer.from('-> grease x\n\n'),
      file.subarray(macLine),
    ]);
    await reject(id, bad, ['MAC_MISMATCH']);
  });

  test('reordering two recipients breaks the MAC', async () => {
    const other = generateIdentity();
    const two = await encrypt([id.recipient(), other.recipient()], Buffer.from('x'));
    const mac = two.indexOf('\n---') + 1;
    const lines = two.toString('latin1', 0, mac).split('\n');
    const swapped = [lines[0], lines[3], lines[4], lines[1], lines[2], ''].join('\n');
    const bad = Buffer.concat([Buffer.from(swapped, 'latin1'), two.subarray(mac)]);
    expect(bad.length).toBe(two.length);
    await reject(id, bad, ['MAC_MISMATCH']);
    await expect(decrypt([other], bad)).rejects.toMatchObject({ code: 'MAC_MISMATCH' });
  });

  test('a wrong identity gets NO_IDENTITY_MATCHED', async () => {
    await reject(generateIdentity(), file, ['NO_IDENTITY_MATCHED']);
  });

  test('a flipped payload nonce fails the first chunk', async () => {
    const bad = Buffer.from(file);
    bad[headerEnd + 3] = (bad[headerEnd + 3] ?? 0) ^ 0x80;
    expect((await reject(id, bad, ['PAYLOAD_CORRUPT'])).released.length).toBe(0);
  });
});

describe('payload tampering', () => {
  test('a flipped byte at the start, middle or tag of each chunk stops release at that chunk', async () => {
    const { chunks } = chunksOf(file);
    expect(chunks.length).toBe(4);
    for (let c = 0; c < chunks.length; c++) {
      const len = chunks[c]?.length ?? 0;
      for (const at of [0, len >> 1, len - 1]) {
        const bad = Buffer.from(file);
        const pos = headerEnd + 16 + c * ENC + at;
        bad[pos] = (bad[pos] ?? 0) ^ 0x01;
        const r = await reject(id, bad, ['PAYLOAD_CORRUPT']);
        expectSame(r.released, plaintext.subarray(0, c * CHUNK));
      }
    }
  });

  test('swapped chunks are rejected before any release', async () => {
    const {
      prefix,
      chunks: [a, b, c, d],
    } = chunksOf(file);
    const r = await reject(id, Buffer.concat([prefix, b!, a!, c!, d!]), ['PAYLOAD_CORRUPT']);
    expect(r.released.length).toBe(0);
  });

  test('a duplicated chunk is rejected after the genuine one', async () => {
    const {
      prefix,
      chunks: [a, b, c, d],
    } = chunksOf(file);
    const r = await reject(id, Buffer.concat([prefix, a!, a!, b!, c!, d!]), ['PAYLOAD_CORRUPT']);
    expectSame(r.released, plaintext.subarray(0, CHUNK));
  });

  test('a dropped middle chunk is rejected', async () => {
    const {
      prefix,
      chunks: [a, , c, d],
    } = chunksOf(file);
    const r = await reject(id, Buffer.concat([prefix, a!, c!, d!]), ['PAYLOAD_CORRUPT']);
    expectSame(r.released, plaintext.subarray(0, CHUNK));
  });

  test('a dropped final chunk is PAYLOAD_TRUNCATED and the last full chunk is held back', async () => {
    const {
      prefix,
      chunks: [a, b, c],
    } = chunksOf(file);
    const r = await reject(id, Buffer.concat([prefix, a!, b!, c!]), ['PAYLOAD_TRUNCATED']);
    expectSame(r.released, plaintext.subarray(0, 2 * CHUNK));
  });

  test('a final chunk moved up front is rejected', async () => {
    const {
      prefix,
      chunks: [a, b, c, d],
    } = chunksOf(file);
    await reject(id, Buffer.concat([prefix, d!, a!, b!, c!]), ['PAYLOAD_CORRUPT']);
  });

  test('data appended after a full final chunk is TRAILING_DATA and the final chunk is not released', async () => {
    const exact = randomBytes(2 * CHUNK);
    const f = await encrypt([id.recipient()], exact);
    for (const extra of [Buffer.from([0]), randomBytes(16), f.subarray(f.length - ENC)]) {
      const r = await reject(id, Buffer.concat([f, extra]), ['TRAILING_DATA']);
      expectSame(r.released, exact.subarray(0, CHUNK));
    }
  });

  test('data appended after a short final chunk cannot authenticate', async () => {
    for (const extra of [
      Buffer.from([0]),
      randomBytes(100),
      file.subarray(headerEnd + 16, headerEnd + 16 + ENC),
    ]) {
      const r = await reject(id, Buffer.concat([file, extra]), ['PAYLOAD_CORRUPT', 'TRAILING_DATA']);
      expectSame(r.released, plaintext.subarray(0, 3 * CHUNK));
    }
  });
});

describe('truncation', () => {
  test('inside the header or the nonce: HEADER_INVALID', async () => {
    for (const cut of [0, 5, 30, macLine, headerEnd - 1, headerEnd, headerEnd + 15]) {
      expect((await reject(id, file.subarray(0, cut), ['HEADER_INVALID'])).released.length).toBe(0);
    }
  });

  test('at a chunk boundary: PAYLOAD_TRUNCATED, with the last full chunk held back', async () => {
    for (let chunks = 0; chunks <= 3; chunks++) {
      const r = await reject(id, file.subarray(0, headerEnd + 16 + chunks * ENC), ['PAYLOAD_TRUNCATED']);
      expectSame(r.released, plaintext.subarray(0, Math.max(0, chunks - 1) * CHUNK));
    }
  });

  test('inside a chunk: rejected (a short chunk would have to be the final one, and is not)', async () => {
    for (const cut of [1, 15, 16, 17, CHUNK, ENC - 1]) {
      for (const c of [0, 2, 3]) {
        const len = Math.min(headerEnd + 16 + c * ENC + cut, file.length - 1);
        const r = await reject(id, file.subarray(0, len), ['PAYLOAD_CORRUPT', 'PAYLOAD_TRUNCATED']);
        expectSame(r.released, plaintext.subarray(0, c * CHUNK));
      }
    }
  });
});

test('error messages carry no key material', async () => {
  const secret = id.exportSecret();
  const failures = [file.subarray(0, 100), Buffer.concat([file, Buffer.from('x')]), Buffer.from('garbage')];
  for (const bad of failures) {
    const err = await decrypt([secret], bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AgeError);
    const text = `${(err as Error).message}\n${(err as Error).stack}`;
    expect(text).not.toContain(secret);
    expect(text.toLowerCase()).not.toContain(secret.toLowerCase().slice(15, 40));
  }
  expect(String(id)).not.toContain(secret);
  expect(JSON.stringify({ id })).not.toContain(secret);
});
