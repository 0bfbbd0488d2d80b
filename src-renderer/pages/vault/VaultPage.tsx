import { VaultIcon } from '../../components/icons.js';
import { NotBuilt } from '../../components/NotBuilt.js';
import { Page } from '../../components/Page.js';

export function VaultPage() {
  return (
    <Page name="vault" title="Vault" subtitle="Your private data, encrypted at rest.">
      <NotBuilt Icon={VaultIcon}>
        Encrypted files, notes, secrets and model parts, unlocked with your passphrase and readable with
        standard age tools.
      </NotBuilt>
    </Page>
  );
}
