import { type ErrorCode, SahelError } from '../../src-shared/errors.js';
import { VaultError, type VaultErrorCode } from './errors.js';

/** The one mapping of vault failures to the API's error codes, for every caller that crosses the API. */
const CODES: Record<VaultErrorCode, ErrorCode> = {
  NOT_INITIALISED: 'CONFLICT',
  ALREADY_INITIALISED: 'CONFLICT',
  LOCKED: 'LOCKED',
  WRONG_PASSPHRASE: 'WRONG_PASSPHRASE',
  TRY_LATER: 'UNAVAILABLE',
  WEAK_PASSPHRASE: 'WEAK_PASSPHRASE',
  HEADER_INVALID: 'CORRUPT',
  KDF_OUT_OF_BOUNDS: 'CORRUPT',
  NOT_FOUND: 'NOT_FOUND',
  CORRUPT: 'CORRUPT',
  DAMAGED: 'CORRUPT',
  DISK_FULL: 'DISK_FULL',
  DEVICE_KEY_UNAVAILABLE: 'UNAVAILABLE',
  BAD_REQUEST: 'BAD_INPUT',
};

/** A vault failure as the API's typed error (the vault's messages carry no secrets or names); others as they are. */
export function vaultApiError(err: unknown): unknown {
  return err instanceof VaultError ? new SahelError(CODES[err.code], err.message) : err;
}

/** Runs a vault operation, sync or async, turning its typed failures into API errors. */
export function vaultCall<T>(fn: () => T): T {
  let result: T;
  try {
    result = fn();
  } catch (err) {
    throw vaultApiError(err);
  }
  if (result instanceof Promise) {
    return result.catch((err: unknown) => {
      throw vaultApiError(err);
    }) as T;
  }
  return result;
}
