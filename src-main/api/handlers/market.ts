import type { marketService } from '../../../src-shared/api/services/market.js';
import type { Market } from '../../market/index.js';
import type { ServiceHandlers } from '../handlers.js';

type ReadProcedures = Pick<typeof marketService, 'search' | 'show'>;

/** The `market` service's read side; the market module throws typed SahelErrors itself. */
export function marketHandlers(market: Market): ServiceHandlers<ReadProcedures> {
  return {
    search: (q) => market.search(q),
    show: ({ assetId }) => market.show(assetId),
  };
}
