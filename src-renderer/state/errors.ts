import { SahelError } from '../../src-shared/errors.js';

/** A message fit to show: SahelError messages are written for people; anything else is a bug. */
export function errorMessage(err: unknown): string {
  if (SahelError.is(err)) return err.message;
  return 'Something went wrong. The log file has the details.';
}
