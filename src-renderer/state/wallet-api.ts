import { SahelError } from '../../src-shared/errors.js';

export function isLocked(err: unknown): boolean {
  return SahelError.is(err) && err.code === 'LOCKED';
}
