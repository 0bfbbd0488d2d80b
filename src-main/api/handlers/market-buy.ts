import type { marketService } from '../../../src-shared/api/services/market.js';
import type { Buyer, Deliverer, MarketServices } from '../../market/index.js';
import type { ServiceHandlers } from '../handlers.js';

type BuyProcedures = Pick<
  typeof marketService,
  'buyPlan' | 'buyConfirm' | 'licenses' | 'followLicense' | 'activity' | 'sales' | 'refund'
>;

/** The market's buy side. `buyConfirm` and `refund` are the user's own confirmations. */
export function marketBuyHandlers(
  buyer: Buyer,
  deliverer: Deliverer,
  trades: Pick<MarketServices, 'followLicense' | 'activity'>,
): ServiceHandlers<BuyProcedures> {
  return {
    activity: async () => trades.activity(),
    followLicense: ({ licenseId, waitMs }) => trades.followLicense(licenseId, waitMs),
    buyPlan: (input) => buyer.plan(input),
    buyConfirm: ({ planId }) => buyer.confirm(planId),
    licenses: async () => ({ licenses: await buyer.licenses() }),
    sales: async () => ({ sales: await deliverer.sales() }),
    refund: ({ licenseId }) => buyer.refund(licenseId),
  };
}
