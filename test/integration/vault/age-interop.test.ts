// Interoperability with the reference `age` CLI (Debian's /usr/bin/age and age-keygen): files and key
// files go both ways, binary and armored, X25519 and passphrase. Secrets never go in argv: keys travel
// in files, passphrases through a pseudo-terminal's stdin.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  armor,
  decrypt,
  decryptFile,
  encrypt,
  encryptFile,
  formatIdentityFile,
  generateIdentity,
  identityToRecipient,
  parseIdentityFile,
  ScryptIdentity,
  ScryptRecipient,
} from '../../../src-main/vault/age/index.js';

import { AGE, ageWithPassphrase, haveAge, KEYGEN, SCRIPT, sameBytes } from '../../support/age-cli.js';

const SIZES = [0, 65536, 200_003];

let dir: string;
const path = (name: string) => join(dir, name);

/** Runs age and returns its stdout (age creates an -o file only once it has output to write). */
function age(args: string[]): Buffer {
  return execFileSync(AGE, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000, maxBuffer: 1 << 26 });
}

describe.skipIf(!haveAge)(
  haveAge ? 'age CLI interop' : 'age CLI interop (skipped: /usr/bin/age missing)',
  () => {
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'sahel-age-interop-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    test.each(SIZES)('a %i-byte file Sahel encrypts decrypts with age -d -i', async (size) => {
      const id = generateIdentity();
      writeFileSync(path('sahel.key'), formatIdentityFile(id), { mode: 0o600 });
      const plaintext = randomBytes(size);
      writeFileSync(path('s.age'), await encrypt([id.recipient()], plaintext));
      expect(sameBytes(age(['-d', '-i', path('sahel.key'), path('s.age')]), plaintext)).toBe(true);
    });

    test.each(SIZES)('a %i-byte file age -r encrypts decrypts in Sahel', async (size) => {
      execFileSync(KEYGEN, ['-o', path(`k${size}.key`)], { stdio: 'ignore' });
      const [identity] = parseIdentityFile(readFileSync(path(`k${size}.key`), 'utf8'));
      const plaintext = randomBytes(size);
      writeFileSync(path('a.in'), plaintext);
      age(['-r', identityToRecipient(identity!).toString(), '-o', path('a.age'), path('a.in')]);
      expect(sameBytes(await decrypt([identity!], readFileSync(path('a.age'))), plaintext)).toBe(true);
    });

    test('age-keygen identity files parse in Sahel, Sahel identity files satisfy age-keygen -y', () => {
      execFileSync(KEYGEN, ['-o', path('kg.key')], { stdio: 'ignore' });
      const text = readFileSync(path('kg.key'), 'utf8');
      const published = /# public key: (age1\S+)/.exec(text)?.[1];
      const [identity] = parseIdentityFile(text);
      expect(identity?.recipient().toString()).toBe(published);
      expect(identity?.exportSecret()).toBe(text.trim().split('\n').at(-1));

      const mine = generateIdentity();
      writeFileSync(path('mine.key'), formatIdentityFile(mine), { mode: 0o600 });
      const derived = execFileSync(KEYGEN, ['-y', path('mine.key')], { encoding: 'utf8' }).trim();
      expect(derived).toBe(mine.recipient().toString());
    });

    test('several recipients: Sahel encrypts to its key and an age-keygen key, age -d and Sahel both read it', async () => {
      execFileSync(KEYGEN, ['-o', path('multi.key')], { stdio: 'ignore' });
      const [theirs] = parseIdentityFile(readFileSync(path('multi.key'), 'utf8'));
      const mine = generateIdentity();
      const plaintext = randomBytes(70_000);
      writeFileSync(
        path('m.age'),
        await encrypt([mine.recipient(), theirs!.recipient().toString()], plaintext),
      );
      age(['-d', '-i', path('multi.key'), '-o', path('m.out'), path('m.age')]);
      expect(sameBytes(readFileSync(path('m.out')), plaintext)).toBe(true);
      expect(sameBytes(await decrypt([mine], readFileSync(path('m.age'))), plaintext)).toBe(true);
    });

    test('armor both ways: age -a output decrypts in Sahel, Sahel armor decrypts with age', async () => {
      execFileSync(KEYGEN, ['-o', path('arm.key')], { stdio: 'ignore' });
      const [id] = parseIdentityFile(readFileSync(path('arm.key'), 'utf8'));
      const plaintext = randomBytes(1000);
      writeFileSync(path('arm.in'), plaintext);
      age(['-a', '-r', id!.recipient().toString(), '-o', path('arm.age'), path('arm.in')]);
      expect(readFileSync(path('arm.age'), 'utf8')).toMatch(/^-----BEGIN AGE ENCRYPTED FILE-----\n/);
      expect(sameBytes(await decrypt([id!], readFileSync(path('arm.age'))), plaintext)).toBe(true);

      writeFileSync(path('arm2.age'), armor(await encrypt([id!.recipient()], plaintext)));
      age(['-d', '-i', path('arm.key'), '-o', path('arm2.out'), path('arm2.age')]);
      expect(sameBytes(readFileSync(path('arm2.out')), plaintext)).toBe(true);
    });

    test('the streaming file helpers interoperate (encryptFile → age -d, age → decryptFile)', async () => {
      execFileSync(KEYGEN, ['-o', path('f.key')], { stdio: 'ignore' });
      const [id] = parseIdentityFile(readFileSync(path('f.key'), 'utf8'));
      const plaintext = randomBytes(5 * 65536 + 11);
      writeFileSync(path('f.in'), plaintext);
      await encryptFile(path('f.in'), path('f.age'), [id!.recipient()]);
      age(['-d', '-i', path('f.key'), '-o', path('f.out'), path('f.age')]);
      expect(sameBytes(readFileSync(path('f.out')), plaintext)).toBe(true);
      age(['-e', '-r', id!.recipient().toString(), '-o', path('g.age'), path('f.in')]);
      await decryptFile(path('g.age'), path('g.out'), [id!]);
      expect(sameBytes(readFileSync(path('g.out')), plaintext)).toBe(true);
    });

    // age reads passphrases only from a terminal; util-linux `script` provides one.
    const haveScript = existsSync(SCRIPT);
    const passphraseName = haveScript
      ? 'passphrase files: age -p output decrypts in Sahel, Sahel scrypt output decrypts with age'
      : 'passphrase files (skipped: no /usr/bin/script to give age a terminal)';

    test.skipIf(!haveScript)(passphraseName, async () => {
      const passphrase = `correct horse ${randomBytes(6).toString('hex')}`;
      const plaintext = randomBytes(3000);
      writeFileSync(path('p.in'), plaintext);
      await ageWithPassphrase(['-p', '-o', path('p.age'), path('p.in')], passphrase);
      expect(readFileSync(path('p.age'), 'latin1')).toMatch(/^age-encryption\.org\/v1\n-> scrypt /);
      expect(
        sameBytes(await decrypt([new ScryptIdentity(passphrase)], readFileSync(path('p.age'))), plaintext),
      ).toBe(true);
      await expect(decrypt([new ScryptIdentity('wrong')], readFileSync(path('p.age')))).rejects.toMatchObject(
        {
          code: 'NO_IDENTITY_MATCHED',
        },
      );

      writeFileSync(path('q.age'), await encrypt([new ScryptRecipient(passphrase, { logN: 15 })], plaintext));
      await ageWithPassphrase(['-d', '-o', path('q.out'), path('q.age')], passphrase);
      expect(sameBytes(readFileSync(path('q.out')), plaintext)).toBe(true);
    });
  },
);
