import { SahelError } from '../../src-shared/errors.js';

/** The SahelError code a promise rejects with, or undefined when it resolves; any other error is rethrown. */
export async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (err) {
    if (SahelError.is(err)) return err.code;
    throw err;
  }
  return undefined;
}
