import { SahelError } from '../../src-shared/errors.js';
import type { ActiveNetwork, ActiveNetworkSource } from '../chain/index.js';

/** What every reviewed market plan (publish, buy, withdraw) carries to be confirmed. */
export interface StoredPlanBase {
  /** Epoch ms after which the review is too old to confirm. */
  expires: number;
  chainId: number;
}

/**
 * Takes a plan for its confirmation: used up by any attempt (a failed one is planned and reviewed
 * again, never resent from a stale review), refused once expired or on another network than it was
 * planned on. Returns the plan with the network it is confirmed on.
 */
export async function takePlan<P extends StoredPlanBase>(
  plans: Map<string, P>,
  planId: string,
  what: string,
  now: number,
  network: ActiveNetworkSource,
): Promise<{ plan: P; network: ActiveNetwork }> {
  const plan = plans.get(planId);
  plans.delete(planId);
  if (!plan) throw new SahelError('NOT_FOUND', `No such ${what} plan: plan it again`);
  if (now > plan.expires) throw new SahelError('CONFLICT', 'The plan has expired: plan it again');
  const active = await network();
  if (active.chainId !== plan.chainId)
    throw new SahelError('CONFLICT', 'The network changed since the plan: plan it again');
  return { plan, network: active };
}
