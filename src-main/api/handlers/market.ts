import type { Contract } from '../../../src-shared/api/contract.js';
import type { Market } from '../../market/index.js';
import type { ServiceHandlers } from '../handlers.js';

/** The `market` service's read side; the market module throws typed SahelErrors itself. */
export function marketHandlers(market: Market): ServiceHandlers<Contract['market']> {
  return {
    search: (q) => market.search(q),
    show: ({ assetId }) => market.show(assetId),
  };
}
