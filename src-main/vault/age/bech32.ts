/**
 * Bech32 (BIP 173, the original checksum constant, not Bech32m) as the age spec uses it for
 * recipients (`age1…`) and identities (`AGE-SECRET-KEY-1…`), through @scure/base. What stays here is
 * the age-specific part: age lifts BIP 173's 90-character limit (post-quantum and plugin keys are
 * longer), so every call passes `false` as the limit; and callers need to know whether the string
 * was uppercase, which age requires for identities and forbids for recipients.
 */
import { bech32 } from '@scure/base';

/** age puts no length limit on its Bech32 strings. */
const NO_LIMIT = false;

/** Encodes `data` under the human-readable part `hrp`, lowercase; callers uppercase identities. */
export function bech32Encode(hrp: string, data: Uint8Array): string {
  return bech32.encode(hrp, bech32.toWords(data), NO_LIMIT);
}

export interface Bech32Decoded {
  /** The human-readable part, lowercased. */
  hrp: string;
  data: Buffer;
  /** Whether the input was uppercase, which age requires for identities and forbids for recipients. */
  upper: boolean;
}

/**
 * Decodes a Bech32 string; returns null when it is malformed (mixed case, bad characters, bad
 * checksum, non-zero padding bits). The `Unsafe` variants return nothing instead of throwing, which
 * is wanted here: the library's error messages quote the input, and for an identity that is the key.
 */
export function bech32Decode(s: string): Bech32Decoded | null {
  const decoded = bech32.decodeUnsafe(s, NO_LIMIT);
  if (!decoded) return null;
  const bytes = bech32.fromWordsUnsafe(decoded.words);
  // The words of an identity are its secret key, 5 bits at a time.
  decoded.words.fill(0);
  if (!bytes) return null;
  const upper = s === s.toUpperCase() && s !== s.toLowerCase();
  return { hrp: decoded.prefix, data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), upper };
}
