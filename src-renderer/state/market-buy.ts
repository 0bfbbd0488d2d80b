import type {
  BoughtLicense,
  BuyInput,
  BuyPlan,
  BuyResult,
  Sale,
} from '../../src-shared/domain/market-buy.js';
import { client } from '../bridge.js';

/**
 * The buy side's calls, for the Market page. Buying is always two calls: the plan the user reviews,
 * then its confirmation; nothing here confirms on its own. Delivery and receipt run in the owner.
 */
export const marketBuy = {
  plan: (input: BuyInput): Promise<BuyPlan> => client.market.buyPlan(input),
  confirm: (plan: Pick<BuyPlan, 'planId'>): Promise<BuyResult> =>
    client.market.buyConfirm({ planId: plan.planId }),
  licenses: async (): Promise<BoughtLicense[]> => (await client.market.licenses({})).licenses,
  sales: async (): Promise<Sale[]> => (await client.market.sales({})).sales,
  refund: (licenseId: string): Promise<{ tx: string }> => client.market.refund({ licenseId }),
};
