import type { Address } from 'viem';
import { SahelError } from '../../../src-shared/errors.js';
import type { TxOrigin, TxPipeline } from '../../chain/index.js';
import { approveCall } from './buy-calls.js';
import { waitMined } from './licence-view.js';

/**
 * A buy that failed after its approve went through leaves the marketplace allowed to take the price
 * later. The allowance is set back to 0 at once, signed as the same origin (for the agent: under the
 * grant of the action that approved it, which covers the token contract and no payment), and the
 * buy's error then says what became of it, so the user, the model and the audit log read it.
 */
export async function failedAfterApprove(
  pipeline: Pick<TxPipeline, 'prepare' | 'confirm' | 'waitFor'>,
  o: { from: Address; token: Address; market: Address; origin: TxOrigin },
  err: unknown,
): Promise<Error> {
  let reset: string;
  try {
    const review = await pipeline.prepare({ from: o.from, to: o.token, data: approveCall(o.market, 0n) });
    const hash = await pipeline.confirm(review.reviewId, o.origin);
    await waitMined(pipeline, hash, 'allowance reset', 'the allowance stays open');
    reset = `The allowance its approve gave the marketplace was reset to 0 (transaction ${hash}).`;
  } catch (resetErr) {
    const why = resetErr instanceof Error ? resetErr.message : String(resetErr);
    reset = `The allowance its approve gave the marketplace could not be reset to 0 (${why}): set it to 0 from the wallet.`;
  }
  if (err instanceof SahelError)
    return new SahelError(err.code, `${err.message.replace(/\.$/, '')}. ${reset}`);
  const why = err instanceof Error ? err.message : String(err);
  return new SahelError('UNAVAILABLE', `The buy failed after its approve (${why}). ${reset}`);
}
