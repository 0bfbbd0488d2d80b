/**
 * Every failure of the age module is an AgeError with a stable `code`, so callers (and tests) branch on
 * the kind of failure instead of parsing messages. Messages are fixed strings chosen here: they never
 * interpolate key material, passphrases, file keys or plaintext, so they are safe to log.
 */
export type AgeErrorCode =
  /** The ASCII armor around the file is malformed. */
  | 'ARMOR_INVALID'
  /** The header does not parse: not canonical, wrong line structure, missing nonce, too large. */
  | 'HEADER_INVALID'
  /** The first line names a version other than age-encryption.org/v1. */
  | 'VERSION_UNSUPPORTED'
  /** A stanza of a known type is malformed (wrong arguments, body length, low-order share). */
  | 'STANZA_INVALID'
  /** An scrypt stanza asks for more work than the identity allows. */
  | 'WORK_FACTOR_TOO_HIGH'
  /** The file key was unwrapped but the header MAC does not match. */
  | 'MAC_MISMATCH'
  /** None of the identities could unwrap any stanza. */
  | 'NO_IDENTITY_MATCHED'
  /** A payload chunk fails authentication or violates the STREAM rules. */
  | 'PAYLOAD_CORRUPT'
  /** The payload ends before a final chunk. */
  | 'PAYLOAD_TRUNCATED'
  /** Bytes follow the final chunk. */
  | 'TRAILING_DATA'
  /** A recipient or identity string is not valid Bech32 of the expected kind and length. */
  | 'KEY_INVALID'
  /** A recipient or identity of a type this module does not implement (plugins, post-quantum). */
  | 'KEY_UNSUPPORTED'
  /** The caller asked for something the format forbids (no recipients, scrypt mixed with others…). */
  | 'INVALID_ARGUMENT';

export class AgeError extends Error {
  readonly code: AgeErrorCode;

  constructor(code: AgeErrorCode, message: string, options?: { cause?: unknown }) {
    super(`age: ${message}`, options);
    this.name = 'AgeError';
    this.code = code;
  }
}

export function isAgeError(err: unknown, code?: AgeErrorCode): err is AgeError {
  return err instanceof AgeError && (code === undefined || err.code === code);
}

/** Error codes that mean "the header could not be read", as opposed to a wrong key or a bad payload. */
export const HEADER_FAILURE_CODES: readonly AgeErrorCode[] = [
  'HEADER_INVALID',
  'VERSION_UNSUPPORTED',
  'STANZA_INVALID',
  'WORK_FACTOR_TOO_HIGH',
];

/** Error codes raised while decrypting the payload, after the header was accepted. */
export const PAYLOAD_FAILURE_CODES: readonly AgeErrorCode[] = [
  'PAYLOAD_CORRUPT',
  'PAYLOAD_TRUNCATED',
  'TRAILING_DATA',
];
