import type {
  Earnings,
  WithdrawInput,
  WithdrawPlan,
  WithdrawResult,
} from '../../src-shared/domain/market-earnings.js';
import { client } from '../bridge.js';

/**
 * The earnings side's calls, for the Market page. Withdrawing is always two calls: the plan the user
 * reviews, then its confirmation; nothing here confirms on its own.
 */
export const marketEarnings = {
  earnings: (): Promise<Earnings> => client.market.earnings({}),
  plan: (input: WithdrawInput): Promise<WithdrawPlan> => client.market.withdrawPlan(input),
  confirm: (plan: Pick<WithdrawPlan, 'planId'>): Promise<WithdrawResult> =>
    client.market.withdrawConfirm({ planId: plan.planId }),
};
