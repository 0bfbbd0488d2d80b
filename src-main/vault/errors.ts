/** Failures of the vault that callers branch on. Messages never carry secrets or item names. */
export type VaultErrorCode =
  | 'NOT_INITIALISED'
  | 'ALREADY_INITIALISED'
  | 'LOCKED'
  | 'WRONG_PASSPHRASE'
  | 'TRY_LATER'
  | 'WEAK_PASSPHRASE'
  | 'HEADER_INVALID'
  | 'KDF_OUT_OF_BOUNDS'
  | 'NOT_FOUND'
  | 'CORRUPT'
  /** One item's encrypted file is missing, was replaced, or fails authentication (`item` names it). */
  | 'DAMAGED'
  | 'DISK_FULL'
  | 'DEVICE_KEY_UNAVAILABLE'
  | 'BAD_REQUEST';

export class VaultError extends Error {
  override readonly name = 'VaultError';
  constructor(
    readonly code: VaultErrorCode,
    message: string,
    /** The item an error is about (its id: names are vault data and stay out of errors). */
    readonly item?: string,
  ) {
    super(message);
  }
}
