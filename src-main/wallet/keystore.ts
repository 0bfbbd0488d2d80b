import {
  createCipheriv,
  createDecipheriv,
  pbkdf2,
  randomBytes,
  randomUUID,
  timingSafeEqual,
} from 'node:crypto';
import { promisify } from 'node:util';
import { keccak256 } from 'viem';
import { privateKeyToAddress } from 'viem/accounts';
import { z } from 'zod';
import { SahelError } from '../../src-shared/errors.js';
import { type ScryptParams, scryptKey } from './scrypt.js';

/**
 * Keystore v3 (the Web3 Secret Storage Definition): aes-128-ctr under the first 16 bytes of a
 * scrypt or PBKDF2-HMAC-SHA256 key, MAC = keccak256(key[16..32] ‖ ciphertext). The file is untrusted:
 * its KDF parameters are capped before any work, so a crafted file cannot take gigabytes or minutes.
 */
export const KEYSTORE_CAPS = {
  /** scrypt memory is 128·n·r bytes: 256 MiB allows geth's "standard" n = 2^18, r = 8. */
  scryptMemory: 256 * 1024 * 1024,
  /** scrypt work n·r·p: 2^22, twice geth's standard and the Web3 test vector. */
  scryptWork: 2 ** 22,
  pbkdf2Rounds: 2 ** 22,
  maxBytes: 64 * 1024,
} as const;

export type { ScryptParams };

/** ethers' and MetaMask's default: 128 MiB. */
export const EXPORT_SCRYPT: ScryptParams = { n: 2 ** 17, r: 8, p: 1 };

const Hex = (min: number, max: number) =>
  z
    .string()
    .regex(/^(0x)?[0-9a-fA-F]*$/)
    .transform((s) => Buffer.from(s.replace(/^0x/, ''), 'hex'))
    .refine((b) => b.length >= min && b.length <= max, `${min}–${max} bytes`);
const Int = z.number().int().positive();
const Dklen = z.number().int().min(32).max(64);

const CryptoSection = z.object({
  cipher: z.literal('aes-128-ctr'),
  cipherparams: z.object({ iv: Hex(16, 16) }),
  // 32 bytes; early go-ethereum dropped leading zero bytes of keys, so 30 and 31 occur in old files.
  ciphertext: Hex(30, 32),
  mac: Hex(32, 32),
  kdf: z.enum(['scrypt', 'pbkdf2']),
  kdfparams: z.unknown(),
});
const ScryptKdf = z.object({ n: Int, r: Int, p: Int, dklen: Dklen, salt: Hex(8, 128) });
const Pbkdf2Kdf = z.object({ c: Int, dklen: Dklen, prf: z.literal('hmac-sha256'), salt: Hex(8, 128) });
const KeystoreFile = z.object({
  version: z.literal(3),
  crypto: CryptoSection.optional(),
  // Some older writers (MyEtherWallet, early geth) spelled it with a capital C.
  Crypto: CryptoSection.optional(),
  address: z.string().optional(),
});

const pbkdf2Async = promisify(pbkdf2);

function bad(message: string): SahelError {
  return new SahelError('BAD_INPUT', `Not a usable keystore file: ${message}`);
}

/** Decrypts a keystore v3 file to its private key; a wrong password is WRONG_PASSPHRASE. */
export async function decryptKeystore(json: string, password: string): Promise<`0x${string}`> {
  if (Buffer.byteLength(json) > KEYSTORE_CAPS.maxBytes) throw bad('it is larger than 64 KiB');
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw bad('it is not JSON');
  }
  const file = KeystoreFile.safeParse(raw);
  if (!file.success) throw bad(describe(file.error));
  const crypto = file.data.crypto ?? file.data.Crypto;
  if (!crypto) throw bad('it has no crypto section');
  const dk = await deriveFromFile(crypto.kdf, crypto.kdfparams, Buffer.from(password, 'utf8'));
  try {
    const mac = Buffer.from(keccak256(Buffer.concat([dk.subarray(16, 32), crypto.ciphertext]), 'bytes'));
    if (!timingSafeEqual(mac, crypto.mac)) {
      throw new SahelError('WRONG_PASSPHRASE', 'The keystore password is wrong (or the file was altered)');
    }
    const decipher = createDecipheriv('aes-128-ctr', dk.subarray(0, 16), crypto.cipherparams.iv);
    const short = Buffer.concat([decipher.update(crypto.ciphertext), decipher.final()]);
    const key = Buffer.alloc(32);
    short.copy(key, 32 - short.length);
    short.fill(0);
    const hex = `0x${key.toString('hex')}` as const;
    key.fill(0);
    const address = checkedAddress(hex);
    if (file.data.address !== undefined && !sameAddress(file.data.address, address)) {
      throw bad('its address does not belong to its key');
    }
    return hex;
  } finally {
    dk.fill(0);
  }
}

/** Encrypts a private key to a keystore v3 file (scrypt) under `password`, for other wallets. */
export async function encryptKeystore(
  privateKey: `0x${string}`,
  password: string,
  params: ScryptParams = EXPORT_SCRYPT,
): Promise<string> {
  const address = checkedAddress(privateKey);
  const salt = randomBytes(32);
  const iv = randomBytes(16);
  const kdfparams = { dklen: 32, n: params.n, r: params.r, p: params.p, salt: salt.toString('hex') };
  const dk = await scryptKey(Buffer.from(password, 'utf8'), salt, 32, params);
  const key = Buffer.from(privateKey.slice(2), 'hex');
  try {
    const cipher = createCipheriv('aes-128-ctr', dk.subarray(0, 16), iv);
    const ciphertext = Buffer.concat([cipher.update(key), cipher.final()]);
    const mac = keccak256(Buffer.concat([dk.subarray(16, 32), ciphertext]), 'bytes');
    return JSON.stringify({
      address: address.slice(2).toLowerCase(),
      crypto: {
        cipher: 'aes-128-ctr',
        cipherparams: { iv: iv.toString('hex') },
        ciphertext: ciphertext.toString('hex'),
        kdf: 'scrypt',
        kdfparams,
        mac: Buffer.from(mac).toString('hex'),
      },
      id: randomUUID(),
      version: 3,
    });
  } finally {
    key.fill(0);
    dk.fill(0);
  }
}

async function deriveFromFile(kdf: 'scrypt' | 'pbkdf2', params: unknown, password: Buffer): Promise<Buffer> {
  if (kdf === 'scrypt') {
    const p = ScryptKdf.safeParse(params);
    if (!p.success) throw bad(`scrypt parameters: ${describe(p.error)}`);
    const { n, r, p: par, dklen, salt } = p.data;
    if (n < 2 || (n & (n - 1)) !== 0) throw bad('scrypt n must be a power of two');
    if (128 * n * r > KEYSTORE_CAPS.scryptMemory || n * r * par > KEYSTORE_CAPS.scryptWork) {
      throw bad('its scrypt parameters ask for more memory or work than Sahel allows');
    }
    return scryptKey(password, salt, dklen, { n, r, p: par });
  }
  const p = Pbkdf2Kdf.safeParse(params);
  if (!p.success) throw bad(`pbkdf2 parameters: ${describe(p.error)}`);
  if (p.data.c > KEYSTORE_CAPS.pbkdf2Rounds) throw bad('its pbkdf2 round count is higher than Sahel allows');
  // node:crypto's async KDFs run on libuv's thread pool, off the event loop.
  return pbkdf2Async(password, p.data.salt, p.data.c, p.data.dklen, 'sha256');
}

function checkedAddress(privateKey: `0x${string}`): `0x${string}` {
  try {
    return privateKeyToAddress(privateKey);
  } catch {
    throw bad('its key is not a valid secp256k1 private key');
  }
}

function sameAddress(a: string, b: string): boolean {
  return a.replace(/^0x/i, '').toLowerCase() === b.slice(2).toLowerCase();
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'file'}: ${issue.message}` : 'malformed';
}
