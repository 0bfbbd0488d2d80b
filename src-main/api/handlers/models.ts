import type { Contract } from '../../../src-shared/api/contract.js';
import type { CatalogItem } from '../../../src-shared/api/services/models.js';
import type { RetrievalStatus } from '../../../src-shared/domain/retrieval.js';
import { judgeFit, type LlmService, type ModelManager } from '../../llm/index.js';
import type { ServiceHandlers } from '../handlers.js';

export function modelsHandlers(
  models: ModelManager,
  llm: LlmService,
  retrieval: { status(): RetrievalStatus },
): ServiceHandlers<Contract['models']> {
  const embedding = () => ({ id: models.embeddingTarget()?.id ?? null, retrieval: retrieval.status() });
  return {
    catalog: async () => {
      const installed = models.list();
      const hw = await llm.hardware().catch(() => null);
      const items: CatalogItem[] = models.catalog().map((entry) => ({
        ...entry,
        fit: judgeFit(hw, entry.ramBytes),
        installedId: installed.find((m) => m.catalogId === entry.id)?.id ?? null,
      }));
      return { models: items };
    },
    list: () => ({ models: models.list() }),
    pull: (input) => models.pull('catalogId' in input ? input.catalogId : input.uri),
    pause: ({ id }) => models.pause(id),
    resume: ({ id }) => models.resume(id),
    cancel: async ({ id }) => {
      await models.cancel(id);
      return { id };
    },
    import: ({ path, purpose }) => models.importFile(path, purpose),
    remove: async ({ id }) => {
      await models.remove(id);
      return { id };
    },
    use: async ({ id, gpuLayers, contextSize, threads, adapters }) =>
      llm.load(await models.loadTarget(id), {
        ...(gpuLayers === undefined ? {} : { gpuLayers }),
        ...(contextSize === undefined ? {} : { contextSize }),
        ...(threads === undefined ? {} : { threads }),
        ...(adapters === undefined ? {} : { adapters }),
      }),
    adapters: () => ({ adapters: llm.listAdapters() }),
    embedding,
    setEmbedding: ({ id }) => {
      models.setEmbedding(id);
      return embedding();
    },
    unload: () => llm.unload(),
    hardware: () => llm.hardware(),
    status: () => llm.status(),
  };
}
