// The vault worker's batched file path (src-main/vault/worker/file-jobs.ts): 2 MiB reads, one write per
// batch, sha256 in the same pass. Checked against Debian's age both ways, at sizes around the chunk and
// batch boundaries, and for what must happen to damaged files (a typed error, no output left).
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { formatIdentityFile, generateIdentity } from '../../../src-main/vault/age/index.js';
import { decryptFileOffThread, encryptFileOffThread } from '../../../src-main/vault/worker/client.js';
import { decryptFileBatched, encryptFileBatched } from '../../../src-main/vault/worker/file-jobs.js';
import { AGE, haveAge } from '../../support/age-cli.js';
import { tempDir } from '../../support/tmp.js';

const CHUNK = 64 * 1024;
const BATCH = 32 * CHUNK;
const SIZES = [0, 1, CHUNK, CHUNK + 1, BATCH - 1, BATCH, BATCH + 1, 2 * BATCH + CHUNK, 5 * BATCH + 12_345];
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const none = () => {};

describe('batched age file jobs', () => {
  test.each(SIZES)(
    '%i bytes: round trip, sha256 of the plaintext, and age -d reads the file',
    async (size) => {
      const dir = tempDir();
      const id = generateIdentity();
      const plain = randomBytes(size);
      writeFileSync(join(dir, 'in'), plain);
      const progress: number[] = [];
      const enc = await encryptFileBatched(
        join(dir, 'in'),
        join(dir, 'x.age'),
        id.recipient().toString(),
        (n) => progress.push(n),
      );
      expect(enc).toEqual({ sha256: sha(plain), size });
      expect(progress.every((n, i) => n <= size && (i === 0 || n >= progress[i - 1]!))).toBe(true);
      const dec = await decryptFileBatched(join(dir, 'x.age'), join(dir, 'out'), id.exportSecret(), none, {
        hash: true,
      });
      expect(dec).toEqual({ sha256: sha(plain), size });
      expect(readFileSync(join(dir, 'out')).equals(plain)).toBe(true);
      // Without the hash (what `vault get` runs: the blob is bound to its row by its header).
      const fast = await decryptFileBatched(join(dir, 'x.age'), join(dir, 'out2'), id.exportSecret(), none);
      expect(fast).toEqual({ sha256: null, size });
      expect(readFileSync(join(dir, 'out2')).equals(plain)).toBe(true);
      if (haveAge) {
        writeFileSync(join(dir, 'key'), formatIdentityFile(id), { mode: 0o600 });
        const viaAge = execFileSync(AGE, ['-d', '-i', join(dir, 'key'), join(dir, 'x.age')], {
          maxBuffer: 1 << 26,
        });
        expect(viaAge.equals(plain)).toBe(true);
      }
    },
  );

  test.skipIf(!haveAge).each([BATCH + 7, 3 * BATCH])(
    '%i bytes that age -r encrypted decrypt here',
    async (size) => {
      const dir = tempDir();
      const id = generateIdentity();
      const plain = randomBytes(size);
      writeFileSync(join(dir, 'in'), plain);
      execFileSync(AGE, ['-r', id.recipient().toString(), '-o', join(dir, 'x.age'), join(dir, 'in')]);
      const dec = await decryptFileBatched(join(dir, 'x.age'), join(dir, 'out'), id.exportSecret(), none, {
        hash: true,
      });
      expect(dec.sha256).toBe(sha(plain));
      expect(readFileSync(join(dir, 'out')).equals(plain)).toBe(true);
    },
  );

  test('a file cut at a chunk boundary, or with a flipped byte, fails typed and leaves no output', async () => {
    const dir = tempDir();
    const id = generateIdentity();
    writeFileSync(join(dir, 'in'), randomBytes(3 * BATCH));
    await encryptFileBatched(join(dir, 'in'), join(dir, 'x.age'), id.recipient().toString(), none);
    const file = readFileSync(join(dir, 'x.age'));
    const headerAndNonce = file.length - 3 * 32 * (CHUNK + 16);

    writeFileSync(join(dir, 'cut.age'), file);
    truncateSync(join(dir, 'cut.age'), headerAndNonce + 40 * (CHUNK + 16));
    await expect(
      decryptFileBatched(join(dir, 'cut.age'), join(dir, 'cut.out'), id.exportSecret(), none),
    ).rejects.toMatchObject({ code: 'PAYLOAD_TRUNCATED' });
    expect(existsSync(join(dir, 'cut.out'))).toBe(false);

    const flipped = Buffer.from(file);
    flipped[headerAndNonce + 50 * (CHUNK + 16) + 3]! ^= 1;
    writeFileSync(join(dir, 'flip.age'), flipped);
    await expect(
      decryptFileBatched(join(dir, 'flip.age'), join(dir, 'flip.out'), id.exportSecret(), none),
    ).rejects.toMatchObject({ code: 'PAYLOAD_CORRUPT' });
    expect(existsSync(join(dir, 'flip.out'))).toBe(false);

    // Damage in two blocks: the earlier chunk's is reported.
    writeFileSync(join(dir, 'both.age'), flipped);
    truncateSync(join(dir, 'both.age'), headerAndNonce + 80 * (CHUNK + 16));
    await expect(
      decryptFileBatched(join(dir, 'both.age'), join(dir, 'both.out'), id.exportSecret(), none),
    ).rejects.toMatchObject({
      code: 'PAYLOAD_CORRUPT',
      message: expect.stringContaining('payload chunk 50 failed authentication'),
    });
    expect(existsSync(join(dir, 'both.out'))).toBe(false);

    await expect(
      decryptFileBatched(join(dir, 'x.age'), join(dir, 'other.out'), generateIdentity().exportSecret(), none),
    ).rejects.toMatchObject({ code: 'NO_IDENTITY_MATCHED' });
    expect(existsSync(join(dir, 'other.out'))).toBe(false);
  });

  test('the long-lived worker runs jobs side by side and keeps serving after one fails', async () => {
    const dir = tempDir();
    const id = generateIdentity();
    const a = randomBytes(3 * BATCH + 5);
    const b = randomBytes(BATCH - 5);
    writeFileSync(join(dir, 'a'), a);
    writeFileSync(join(dir, 'b'), b);
    const recipient = id.recipient().toString();
    const [ea, eb] = await Promise.all([
      encryptFileOffThread(join(dir, 'a'), join(dir, 'a.age'), recipient),
      encryptFileOffThread(join(dir, 'b'), join(dir, 'b.age'), recipient),
      expect(encryptFileOffThread(join(dir, 'missing'), join(dir, 'm.age'), recipient)).rejects.toMatchObject(
        {
          code: 'ENOENT',
        },
      ),
    ]);
    expect([ea?.sha256, eb?.sha256]).toEqual([sha(a), sha(b)]);
    const da = await decryptFileOffThread(join(dir, 'a.age'), join(dir, 'a.out'), id.exportSecret(), {
      hash: true,
    });
    expect(da.sha256).toBe(sha(a));
    expect(readFileSync(join(dir, 'a.out')).equals(a)).toBe(true);
  });
});
