/**
 * The passphrase recipient type: `-> scrypt <salt> <log2 N>`. A file with an scrypt stanza must have
 * no other stanza (otherwise a passphrase-protected file could silently be readable by a key too).
 * The work factor comes from the file, i.e. from whoever wrote it, so decryption caps it: 2^22 is
 * already ~4 GiB of memory and seconds of CPU. Encryption also has a floor so Sahel never writes a
 * file that is cheap to brute-force.
 */
import { randomBytes, scrypt } from 'node:crypto';
import { decodeRaw, encodeRaw } from './base64.js';
import { AgeError } from './errors.js';
import type { Stanza } from './header.js';
import { FILE_KEY_SIZE, TAG_SIZE, unwrapFileKey, wrapFileKey } from './primitives.js';
import type { Identity, Recipient } from './types.js';

const LABEL = 'age-encryption.org/v1/scrypt';
const SALT_SIZE = 16;
const R = 8;
/** What `age -p` writes; about a second on a laptop. */
export const DEFAULT_LOG_N = 18;
/** The least Sahel will encrypt with. */
export const MIN_ENCRYPT_LOG_N = 10;
/** The most a file may ask for by default when decrypting (the age CLI's own limit). */
export const DEFAULT_MAX_LOG_N = 22;
/** Beyond this, scrypt needs more memory than a desktop has; no setting may exceed it. */
const ABSOLUTE_MAX_LOG_N = 30;

export type Passphrase = string | Uint8Array;

function toBytes(passphrase: Passphrase): Buffer {
  return typeof passphrase === 'string' ? Buffer.from(passphrase, 'utf8') : Buffer.from(passphrase);
}

function deriveKey(passphrase: Buffer, salt: Uint8Array, logN: number): Promise<Buffer> {
  const fullSalt = Buffer.concat([Buffer.from(LABEL, 'latin1'), salt]);
  const n = 2 ** logN;
  // Node's default maxmem (32 MiB) is below what log2 N ≥ 15 needs; allow exactly what this N needs.
  const maxmem = 128 * n * R + 64 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(passphrase, fullSalt, 32, { N: n, r: R, p: 1, maxmem }, (err, key) => {
      if (err) reject(new AgeError('INVALID_ARGUMENT', 'scrypt key derivation failed', { cause: err }));
      else resolve(key);
    });
  });
}

function checkLogN(logN: number, min: number, max: number, what: string): void {
  if (!Number.isInteger(logN) || logN < min || logN > max) {
    throw new AgeError('INVALID_ARGUMENT', `${what} must be an integer in [${min}, ${max}]`);
  }
}

export class ScryptRecipient implements Recipient {
  readonly stanzaType = 'scrypt';
  readonly #passphrase: Buffer;
  readonly #logN: number;

  constructor(passphrase: Passphrase, options: { logN?: number } = {}) {
    const logN = options.logN ?? DEFAULT_LOG_N;
    checkLogN(logN, MIN_ENCRYPT_LOG_N, ABSOLUTE_MAX_LOG_N, 'scrypt logN');
    this.#passphrase = toBytes(passphrase);
    if (this.#passphrase.length === 0) throw new AgeError('INVALID_ARGUMENT', 'empty passphrase');
    this.#logN = logN;
  }

  toString(): string {
    return `ScryptRecipient(logN=${this.#logN})`;
  }

  async wrap(fileKey: Uint8Array): Promise<Stanza[]> {
    const salt = randomBytes(SALT_SIZE);
    const key = await deriveKey(this.#passphrase, salt, this.#logN);
    const body = wrapFileKey(key, fileKey);
    key.fill(0);
    return [{ type: 'scrypt', args: [encodeRaw(salt), String(this.#logN)], body }];
  }
}

export class ScryptIdentity implements Identity {
  readonly #passphrase: Buffer;
  readonly #maxLogN: number;

  constructor(passphrase: Passphrase, options: { maxWorkFactor?: number } = {}) {
    const maxLogN = options.maxWorkFactor ?? DEFAULT_MAX_LOG_N;
    checkLogN(maxLogN, 1, ABSOLUTE_MAX_LOG_N, 'maxWorkFactor');
    this.#passphrase = toBytes(passphrase);
    this.#maxLogN = maxLogN;
  }

  toString(): string {
    return `ScryptIdentity(maxWorkFactor=${this.#maxLogN})`;
  }

  async unwrap(stanzas: readonly Stanza[]): Promise<Uint8Array | null> {
    for (const stanza of stanzas) {
      if (stanza.type !== 'scrypt') continue;
      // Checked again here, not only by the decryptor, because an identity may be used on its own.
      if (stanzas.length !== 1) throw new AgeError('STANZA_INVALID', 'scrypt stanza must be alone');
      if (stanza.args.length !== 2) throw new AgeError('STANZA_INVALID', 'scrypt stanza needs two arguments');
      const salt = decodeRaw(stanza.args[0] ?? '');
      if (!salt || salt.length !== SALT_SIZE)
        throw new AgeError('STANZA_INVALID', 'scrypt salt is malformed');
      const logArg = stanza.args[1] ?? '';
      // Decimal without sign or leading zero: the only canonical spelling of the work factor.
      if (!/^[1-9][0-9]{0,2}$/.test(logArg)) {
        throw new AgeError('STANZA_INVALID', 'scrypt work factor is malformed');
      }
      const logN = Number(logArg);
      if (logN > this.#maxLogN) throw new AgeError('WORK_FACTOR_TOO_HIGH', 'scrypt work factor too high');
      if (stanza.body.length !== FILE_KEY_SIZE + TAG_SIZE) {
        throw new AgeError('STANZA_INVALID', 'scrypt stanza body has the wrong length');
      }
      const key = await deriveKey(this.#passphrase, salt, logN);
      const fileKey = unwrapFileKey(key, stanza.body);
      key.fill(0);
      if (fileKey) return fileKey;
    }
    return null;
  }
}
