/**
 * Typed errors that cross the API. Every failure a client can see has one of these codes; the message
 * is for people and never carries a secret or a raw stack.
 */
export const ERROR_CODES = [
  'BAD_INPUT',
  'UNKNOWN_PROCEDURE',
  'PAYLOAD_TOO_LARGE',
  'BAD_MESSAGE',
  'NOT_FOUND',
  'CONFLICT',
  'UNAVAILABLE',
  'NOT_IMPLEMENTED',
  'LOCKED',
  'WRONG_PASSPHRASE',
  'WEAK_PASSPHRASE',
  'CORRUPT',
  'DISK_FULL',
  'FORBIDDEN',
  'INTERNAL',
  /** The RPC reports another chain id than the network was configured with: Sahel refuses to sign. */
  'CHAIN_MISMATCH',
  /** A transaction's simulation reverted (or it would fail for lack of funds). */
  'REVERTED',
  /** The user or the agent's policy refused a transaction. */
  'DECLINED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface SerializedError {
  code: ErrorCode;
  message: string;
}

export class SahelError extends Error {
  override readonly name = 'SahelError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }

  toJSON(): SerializedError {
    return { code: this.code, message: this.message };
  }

  static is(value: unknown): value is SahelError {
    return value instanceof SahelError;
  }

  static fromSerialized(err: unknown): SahelError {
    if (typeof err === 'object' && err !== null) {
      const { code, message } = err as Record<string, unknown>;
      if (typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code)) {
        return new SahelError(code as ErrorCode, typeof message === 'string' ? message : code);
      }
    }
    return new SahelError('INTERNAL', 'Malformed error from the API');
  }
}
