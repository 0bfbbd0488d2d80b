import { useEffect } from 'react';
import { Button } from '../../components/Button.js';
import { Page } from '../../components/Page.js';
import { useApp } from '../../state/app.js';
import { startModelsSync, useModels } from '../../state/models.js';
import { AdaptersPanel } from './AdaptersPanel.js';
import { AddModel } from './AddModel.js';
import { CatalogList } from './CatalogList.js';
import { EmbeddingPanel } from './EmbeddingPanel.js';
import { EngineBanner } from './EngineBanner.js';
import { HardwarePanel } from './HardwarePanel.js';
import { InstalledList } from './InstalledList.js';

export function ModelsPage() {
  const error = useModels((s) => s.error);
  const connected = useApp((s) => s.connection === 'open');

  useEffect(() => {
    startModelsSync();
    if (connected) void useModels.getState().loadAll();
  }, [connected]);

  return (
    <Page name="models" title="Models" subtitle="The language models on this machine.">
      {error && (
        <div className="inline-error" role="alert">
          <span>{error}</span>
          <Button variant="link" onClick={() => useModels.setState({ error: null })}>
            Dismiss
          </Button>
        </div>
      )}
      <EngineBanner />
      <InstalledList />
      <AdaptersPanel />
      <EmbeddingPanel />
      <AddModel />
      <CatalogList />
      <HardwarePanel />
    </Page>
  );
}
