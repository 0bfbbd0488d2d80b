import { MarketIcon } from '../../components/icons.js';
import { NotBuilt } from '../../components/NotBuilt.js';
import { Page } from '../../components/Page.js';

export function MarketPage() {
  return (
    <Page
      name="market"
      title="Market"
      subtitle="Datasets, models, adapters and agents, bought and sold on chain."
    >
      <NotBuilt Icon={MarketIcon}>
        Buy and sell datasets, models, adapters and agents, with contributors credited on chain and paid when
        their work is used.
      </NotBuilt>
    </Page>
  );
}
