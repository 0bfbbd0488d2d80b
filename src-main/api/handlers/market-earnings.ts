import type { marketService } from '../../../src-shared/api/services/market.js';
import type { Earnings } from '../../market/index.js';
import type { ServiceHandlers } from '../handlers.js';

type EarningsProcedures = Pick<typeof marketService, 'earnings' | 'withdrawPlan' | 'withdrawConfirm'>;

/** The market's earnings side. `withdrawConfirm` is the user's own confirmation. */
export function marketEarningsHandlers(earnings: Earnings): ServiceHandlers<EarningsProcedures> {
  return {
    earnings: () => earnings.earnings(),
    withdrawPlan: (input) => earnings.withdrawPlan(input),
    withdrawConfirm: ({ planId }) => earnings.withdrawConfirm(planId),
  };
}
