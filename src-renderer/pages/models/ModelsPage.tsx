import { ModelsIcon } from '../../components/icons.js';
import { NotBuilt } from '../../components/NotBuilt.js';
import { Page } from '../../components/Page.js';

export function ModelsPage() {
  return (
    <Page name="models" title="Models" subtitle="The language models on this machine.">
      <NotBuilt Icon={ModelsIcon}>
        Download and manage local models, and choose which one Sahel runs.
      </NotBuilt>
    </Page>
  );
}
