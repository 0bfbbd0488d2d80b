import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSealedFile, writeSealedFile } from '../../../src-main/vault/sealed-file.js';
import { tempDir } from '../../support/tmp.js';

const header = Buffer.from('{"hello":"header"}');

function keyed(key: Buffer) {
  return () => ({ key: Buffer.from(key) });
}

describe('sealed file (vault)', () => {
  it('round-trips a payload larger than one chunk, with nothing of it readable on disk', async () => {
    const file = join(tempDir(), 'x.sealed');
    const key = randomBytes(32);
    const plain = Buffer.concat([Buffer.alloc(9 * 2 ** 20, 7), Buffer.from('needle-in-the-payload')]);
    writeSealedFile(file, 'test/v1', header, key, plain);
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 8).toString()).toBe('SAHELSF1');
    expect(bytes.includes(Buffer.from('needle-in-the-payload'))).toBe(false);
    let seen: Buffer | undefined;
    const read = await readSealedFile(file, 'test/v1', 4096, (h) => {
      seen = Buffer.from(h);
      return { key: Buffer.from(key) };
    });
    expect(read.ok && read.plain.equals(plain)).toBe(true);
    expect(seen?.equals(header)).toBe(true);
    expect(readdirSync(join(file, '..'))).toEqual(['x.sealed']);
  });

  it('refuses another label, a changed header, a wrong key, and what is not a sealed file', async () => {
    const dir = tempDir();
    const file = join(dir, 'x.sealed');
    const key = randomBytes(32);
    writeSealedFile(file, 'test/v1', header, key, Buffer.from('secret'));
    const good = readFileSync(file);
    expect(await readSealedFile(file, 'test/v2', 4096, keyed(key))).toEqual({ ok: false, reason: 'payload' });
    expect(await readSealedFile(file, 'test/v1', 4096, keyed(randomBytes(32)))).toEqual({
      ok: false,
      reason: 'payload',
    });
    expect(await readSealedFile(file, 'test/v1', 4, keyed(key))).toEqual({ ok: false, reason: 'format' });
    expect(await readSealedFile(file, 'test/v1', 4096, () => ({ refuse: 'mine' }))).toEqual({
      ok: false,
      reason: 'mine',
    });
    const changed = Buffer.from(good);
    changed.writeUInt8(changed.readUInt8(12) ^ 1, 12); // the header's first byte
    writeFileSync(file, changed);
    expect(await readSealedFile(file, 'test/v1', 4096, keyed(key))).toEqual({ ok: false, reason: 'payload' });
    writeFileSync(file, Buffer.concat([Buffer.from('SAHELCSI'), good.subarray(8)]));
    expect(await readSealedFile(file, 'test/v1', 4096, keyed(key))).toEqual({ ok: false, reason: 'format' });
    writeFileSync(file, good.subarray(0, 12 + header.length + 5));
    expect(await readSealedFile(file, 'test/v1', 4096, keyed(key))).toEqual({ ok: false, reason: 'payload' });
    expect(await readSealedFile(join(dir, 'none'), 'test/v1', 4096, keyed(key))).toEqual({
      ok: false,
      reason: 'missing',
    });
  });
});
