// Round trips at the sizes where STREAM chunking has edges (empty, one byte, around one chunk, around
// two chunks, many chunks) through the buffer API, the stream API and the file helpers.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Transform } from 'node:stream';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, test } from 'vitest';
import {
  CHUNK_SIZE,
  createDecryptStream,
  createEncryptStream,
  decrypt,
  decryptFile,
  encrypt,
  encryptFile,
  generateIdentity,
} from '../../../src-main/vault/age/index.js';

const SIZES = [0, 1, 65535, 65536, 65537, 2 * 65536, 2 * 65536 + 1, 5 * 65536 - 7, 1024 * 1024 + 3];
const id = generateIdentity();
const recipient = id.recipient();

/** Deterministic uneven pieces, so chunk boundaries fall inside, at and across writes. */
function pieces(data: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let seed = data.length + 17;
  for (let off = 0; off < data.length; ) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const n = 1 + (seed % 150_000);
    out.push(data.subarray(off, off + n));
    off += n;
  }
  return out;
}

async function through(transform: Transform, data: Buffer): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const b of Readable.from(pieces(data)).pipe(transform)) out.push(b as Buffer);
  return Buffer.concat(out);
}

function headerLength(file: Buffer): number {
  return file.indexOf('\n', file.indexOf('\n---') + 1) + 1;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

describe.each(SIZES)('%i bytes', (size) => {
  const plaintext = randomBytes(size);
  const chunks = Math.max(1, Math.ceil(size / CHUNK_SIZE));

  test('buffer API round trip, with the exact STREAM overhead', async () => {
    const file = await encrypt([recipient], plaintext);
    expect(file.length - headerLength(file)).toBe(16 + size + 16 * chunks);
    expect(sameBytes(await decrypt([id], file), plaintext)).toBe(true);
  });

  test('stream API round trip, and interchangeable with the buffer API', async () => {
    const file = await through(createEncryptStream([recipient]), plaintext);
    expect(file.length - headerLength(file)).toBe(16 + size + 16 * chunks);
    expect(sameBytes(await through(createDecryptStream([id]), file), plaintext)).toBe(true);
    expect(sameBytes(await decrypt([id], file), plaintext)).toBe(true);
    const other = await encrypt([recipient], plaintext);
    expect(sameBytes(await through(createDecryptStream([id]), other), plaintext)).toBe(true);
  });
});

describe('file helpers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sahel-age-sizes-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test.each([0, 65536, 3 * 65536 + 5])('encryptFile/decryptFile round trip of %i bytes', async (size) => {
    const plaintext = randomBytes(size);
    const src = join(dir, `plain-${size}`);
    writeFileSync(src, plaintext);
    await encryptFile(src, join(dir, `enc-${size}.age`), [recipient.toString()]);
    await decryptFile(join(dir, `enc-${size}.age`), join(dir, `dec-${size}`), [id]);
    expect(sameBytes(readFileSync(join(dir, `dec-${size}`)), plaintext)).toBe(true);
    if (process.platform !== 'win32') expect(statSync(join(dir, `dec-${size}`)).mode & 0o777).toBe(0o600);
  });

  test('a failed decryptFile leaves neither the destination nor a temp file behind', async () => {
    const src = join(dir, 'plain-fail');
    writeFileSync(src, randomBytes(3 * 65536));
    await encryptFile(src, join(dir, 'fail.age'), [recipient]);
    const enc = readFileSync(join(dir, 'fail.age'));
    writeFileSync(join(dir, 'cut.age'), enc.subarray(0, enc.length - 100));
    const before = readdirSync(dir).sort();
    await expect(decryptFile(join(dir, 'cut.age'), join(dir, 'never'), [id])).rejects.toMatchObject({
      code: 'PAYLOAD_CORRUPT',
    });
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  test('a failed decryptFile does not replace an existing destination', async () => {
    const dst = join(dir, 'keep');
    writeFileSync(dst, 'previous');
    writeFileSync(join(dir, 'junk.age'), 'age-encryption.org/v1\n-> X25519 abc\n');
    await expect(decryptFile(join(dir, 'junk.age'), dst, [id])).rejects.toMatchObject({
      code: 'HEADER_INVALID',
    });
    expect(readFileSync(dst, 'utf8')).toBe('previous');
  });
});
