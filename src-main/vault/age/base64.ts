/**
 * Standard base64 (RFC 4648 §4) for age, through @scure/base. age requires canonical encodings so a
 * file has exactly one byte representation (the header MAC would otherwise not bind the bytes on
 * disk). @scure/base's decoders are already strict: they reject characters outside the alphabet, a
 * length of 1 mod 4, and non-zero unused bits in the last character (the cctv-age vectors hold such
 * cases), so no check of our own is needed on top; Node's Buffer decoder is lenient and is not used.
 */
import { base64, base64nopad } from '@scure/base';

/** Encodes without `=` padding, as every base64 string inside an age header is. */
export function encodeRaw(bytes: Uint8Array): string {
  return base64nopad.encode(bytes);
}

/**
 * Runs a decoder and returns null where it throws, so callers pick the age error code — and because
 * the library's messages may quote the input, which must not reach an error or a log.
 */
function decodeOrNull(decode: (s: string) => Uint8Array, s: string): Buffer | null {
  try {
    const bytes = decode(s);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } catch {
    return null;
  }
}

/** Decodes unpadded canonical base64; returns null on anything else. */
export function decodeRaw(s: string): Buffer | null {
  return decodeOrNull(base64nopad.decode, s);
}

/** Decodes padded canonical base64 (the armor body); returns null on anything else. */
export function decodePadded(s: string): Buffer | null {
  return decodeOrNull(base64.decode, s);
}

export function encodePadded(bytes: Uint8Array): string {
  return base64.encode(bytes);
}
