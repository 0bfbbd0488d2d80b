import { create } from 'zustand';
import type { CatalogItem } from '../../src-shared/api/services/models.js';
import type {
  EngineStatus,
  GpuLayersChoice,
  Hardware,
  InstalledModel,
  ModelProgress,
} from '../../src-shared/domain/models.js';
import { SahelError } from '../../src-shared/errors.js';
import { client, connection, on } from '../bridge.js';
import { errorMessage } from './errors.js';

export type ModelsAvailability = 'unknown' | 'available' | 'missing';

interface ModelsStore {
  availability: ModelsAvailability;
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
  importPath(path: string): Promise<boolean>;
  use(id: string, gpuLayers: GpuLayersChoice): Promise<boolean>;
  unload(): Promise<boolean>;
}

function isMissing(err: unknown): boolean {
  return SahelError.is(err) && (err.code === 'UNKNOWN_PROCEDURE' || err.code === 'NOT_IMPLEMENTED');
}

export const useModels = create<ModelsStore>()((set, get) => ({
  availability: 'unknown',
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
      set({ availability: 'available', engine, installed: installed.models });
    } catch (err) {
      if (isMissing(err)) set({ availability: 'missing' });
      else set({ error: errorMessage(err) });
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
  importPath: (path) => get().run('import', () => client.models.import({ path })),
  use: (id, gpuLayers) =>
    get().run(id, async () => set({ engine: await client.models.use({ id, gpuLayers }) })),
  unload: () => get().run('unload', async () => set({ engine: await client.models.unload({}) })),
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
