/**
 * Strict standard base64 (RFC 4648 §4). age requires canonical encodings so a file has exactly one
 * byte representation: the header MAC would otherwise not bind the bytes on disk. Node's own decoder
 * is lenient (skips junk, accepts non-zero padding bits), so inputs are validated here first and only
 * then handed to Buffer for the actual decoding.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;

function valueAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c < 128 ? (VALUE[c] ?? -1) : -1;
}

/** Checks the alphabet and that the unused bits of the last character are zero. */
function isCanonicalUnpadded(s: string): boolean {
  const rem = s.length % 4;
  if (rem === 1) return false;
  for (let i = 0; i < s.length; i++) if (valueAt(s, i) < 0) return false;
  if (rem === 0 || s.length === 0) return true;
  const last = valueAt(s, s.length - 1);
  return rem === 2 ? (last & 0x0f) === 0 : (last & 0x03) === 0;
}

/** Encodes without `=` padding, as every base64 string inside an age header is. */
export function encodeRaw(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64').replace(/=+$/, '');
}

/** Decodes unpadded canonical base64; returns null on anything else so callers pick the error code. */
export function decodeRaw(s: string): Buffer | null {
  if (!isCanonicalUnpadded(s)) return null;
  return Buffer.from(s, 'base64');
}

/** Decodes padded canonical base64 (the armor body); returns null on anything else. */
export function decodePadded(s: string): Buffer | null {
  if (s.length % 4 !== 0) return null;
  let pad = 0;
  if (s.endsWith('==')) pad = 2;
  else if (s.endsWith('=')) pad = 1;
  const body = s.slice(0, s.length - pad);
  if (pad > 0 && body.length % 4 !== 4 - pad) return null;
  return decodeRaw(body);
}

export function encodePadded(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
