import { create } from 'zustand';
import type { CatalogItem } from '../../src-shared/api/services/models.js';
import type {
  AdapterChoice,
  EngineStatus,
  GpuLayersChoice,
  Hardware,
  InstalledModel,
  LoraAdapterItem,
  ModelProgress,
} from '../../src-shared/domain/models.js';
import type { RetrievalStatus } from '../../src-shared/domain/retrieval.js';
import { client, connection, on } from '../bridge.js';
import { errorMessage } from './errors.js';

/** The embedding model retrieval uses (null: none) and how retrieval ranks now. */
export interface EmbeddingState {
  id: string | null;
  retrieval: RetrievalStatus;
}

interface ModelsStore {
  hardware: Hardware | null;
  hardwareError: string | null;
  catalog: CatalogItem[] | null;
  installed: InstalledModel[] | null;
  engine: EngineStatus | null;
  /** Live download figures by model id, from 'models.progress'. */
  progress: Record<string, ModelProgress>;
  /** The last failed action, shown until the next one. */
  error: string | null;
  /** Ids with an action in flight (buttons disable themselves). */
  busy: Record<string, boolean>;

  loadAll(): Promise<void>;
  loadInstalled(): Promise<void>;
  run(key: string, action: () => Promise<unknown>): Promise<boolean>;
  pull(source: { catalogId: string } | { uri: string }): Promise<boolean>;
  /**
   * Adds a GGUF file where it is. Answers null when it was added, else what the owner said was wrong
   * (not a GGUF, already imported…), for the form to show at its field rather than at the page's top.
   */
  importPath(path: string, purpose?: 'chat' | 'embedding'): Promise<string | null>;
  pause(id: string): Promise<boolean>;
  resume(id: string): Promise<boolean>;
  cancel(id: string): Promise<boolean>;
  remove(id: string): Promise<boolean>;
  use(id: string, gpuLayers: GpuLayersChoice): Promise<boolean>;
  /** Reloads the loaded model as it is, with these adapters (throws what the owner refused). */
  reloadWithAdapters(adapters: AdapterChoice[]): Promise<void>;
  unload(): Promise<boolean>;
  /** The vault's LoRA adapter items (throws LOCKED while the vault is). */
  fetchAdapters(): Promise<LoraAdapterItem[]>;
  fetchEmbedding(): Promise<EmbeddingState>;
  setEmbedding(id: string | null): Promise<void>;
}

export const useModels = create<ModelsStore>()((set, get) => ({
  hardware: null,
  hardwareError: null,
  catalog: null,
  installed: null,
  engine: null,
  progress: {},
  error: null,
  busy: {},

  async loadAll() {
    try {
      const [engine, installed] = await Promise.all([client.models.status({}), client.models.list({})]);
      set({ engine, installed: installed.models });
    } catch (err) {
      set({ error: errorMessage(err) });
      return;
    }
    // Detecting the hardware starts the engine process: it may take a few seconds the first time.
    void client.models
      .hardware({})
      .then((hardware) => set({ hardware, hardwareError: null }))
      .catch((err) => set({ hardwareError: errorMessage(err) }));
    void client.models
      .catalog({})
      .then(({ models }) => set({ catalog: models }))
      .catch((err) => set({ error: errorMessage(err) }));
  },

  async loadInstalled() {
    try {
      const { models } = await client.models.list({});
      set({ installed: models });
      const catalog = get().catalog;
      if (catalog) {
        set({
          catalog: catalog.map((c) => ({
            ...c,
            installedId: models.find((m) => m.catalogId === c.id)?.id ?? null,
          })),
        });
      }
    } catch (err) {
      set({ error: errorMessage(err) });
    }
  },

  async run(key, action) {
    set((s) => ({ busy: { ...s.busy, [key]: true }, error: null }));
    try {
      await action();
      return true;
    } catch (err) {
      set({ error: errorMessage(err) });
      return false;
    } finally {
      set((s) => ({ busy: { ...s.busy, [key]: false } }));
      void get().loadInstalled();
    }
  },

  pull: (source) =>
    get().run('catalogId' in source ? source.catalogId : 'pull', () => client.models.pull(source)),
  async importPath(path, purpose) {
    const key = purpose === 'embedding' ? 'importEmbedding' : 'import';
    set((s) => ({ busy: { ...s.busy, [key]: true } }));
    try {
      await client.models.import(purpose ? { path, purpose } : { path });
      return null;
    } catch (err) {
      return errorMessage(err);
    } finally {
      set((s) => ({ busy: { ...s.busy, [key]: false } }));
      void get().loadInstalled();
    }
  },
  pause: (id) => get().run(id, () => client.models.pause({ id })),
  resume: (id) => get().run(id, () => client.models.resume({ id })),
  cancel: (id) => get().run(id, () => client.models.cancel({ id })),
  remove: (id) => get().run(id, () => client.models.remove({ id })),
  use: (id, gpuLayers) =>
    get().run(id, async () => set({ engine: await client.models.use({ id, gpuLayers }) })),
  async reloadWithAdapters(adapters) {
    const model = get().engine?.model;
    if (!model) return;
    const engine = await client.models.use({
      id: model.id,
      gpuLayers: model.gpuLayers,
      contextSize: model.contextSize,
      adapters,
    });
    set({ engine });
  },
  unload: () => get().run('unload', async () => set({ engine: await client.models.unload({}) })),
  fetchAdapters: async () => (await client.models.adapters({})).adapters,
  fetchEmbedding: () => client.models.embedding({}),
  async setEmbedding(id) {
    try {
      await client.models.setEmbedding({ id });
    } finally {
      void get().loadInstalled();
    }
  },
}));

let started = false;

/** Live updates for the Models page; started once, the first time the page opens. */
export function startModelsSync(): void {
  if (started) return;
  started = true;
  on('models.progress', (p) => {
    useModels.setState((s) => ({ progress: { ...s.progress, [p.id]: p } }));
    if (p.state !== 'downloading') void useModels.getState().loadInstalled();
  });
  on('models.changed', () => void useModels.getState().loadInstalled());
  on('llm.engine', (engine) => useModels.setState({ engine }));
  connection.onChange((state) => {
    if (state === 'open') void useModels.getState().loadAll();
  });
}
