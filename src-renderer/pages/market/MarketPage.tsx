import { Page } from '../../components/Page.js';
import { useMarket } from '../../state/market.js';
import { AssetView } from './AssetView.js';
import { Browse } from './Browse.js';
import { MyEarnings } from './MyEarnings.js';
import { MyTrades } from './MyTrades.js';

export function MarketPage() {
  const assetId = useMarket((s) => s.assetId);
  return (
    <Page
      name="market"
      title="Market"
      subtitle="Datasets, models, adapters and agents, bought and sold on chain."
    >
      {assetId === null ? (
        <>
          <Browse />
          <MyTrades />
          <MyEarnings />
        </>
      ) : (
        <AssetView assetId={assetId} />
      )}
    </Page>
  );
}
