import { WalletIcon } from '../../components/icons.js';
import { NotBuilt } from '../../components/NotBuilt.js';
import { Page } from '../../components/Page.js';

export function WalletPage() {
  return (
    <Page name="wallet" title="Wallet" subtitle="Accounts and balances for the marketplace.">
      <NotBuilt Icon={WalletIcon}>
        Your accounts and balances, and sends that always stop at a review screen before anything is signed.
      </NotBuilt>
    </Page>
  );
}
