import { join } from 'node:path';
import { ModelManager, type ModelManagerOptions } from '../../../../src-main/llm/models/model-manager.js';
import { openDatabase } from '../../../../src-main/store/database.js';
import { ModelRolesRepo } from '../../../../src-main/store/model-roles-repo.js';
import { ModelsRepo } from '../../../../src-main/store/models-repo.js';
import type { CatalogEntry, ModelProgress } from '../../../../src-shared/domain/models.js';
import { silentLogger } from '../../../support/logger.js';
import { ROOT } from '../../../support/sahel-process.js';

export const TINY = join(ROOT, '..', 'shared', 'models', 'llama-2-tiny-random.gguf');
export const TINY_SHA = '81f226c62d28ed4a1a9b9fa080fcd9f0cc40e0f9d5680036583ff98fbcd035cb';

/** A one-entry catalog pointing at the loopback "Hugging Face". */
export const TEST_CATALOG: CatalogEntry[] = [
  {
    id: 'tiny-llama',
    name: 'Tiny Llama (random)',
    family: 'Llama',
    parameters: '0.001B',
    quantization: 'F32',
    uri: 'hf:test/tiny-GGUF/tiny.gguf',
    sizeBytes: 1_750_560,
    sha256: null,
    verify: 'hf-etag',
    licence: 'MIT',
    licenceUrl: 'https://opensource.org/license/mit',
    ramBytes: 50_000_000,
    contextLength: 4096,
    toolCalling: false,
    description: 'Random weights, for tests.',
  },
];

export interface Harness {
  manager: ModelManager;
  progress: ModelProgress[];
  changed: string[][];
  close(): void;
}

/** A model manager over a real SQLite file in `dataDir`; open it again on the same dir to "restart". */
export function openManager(
  dataDir: string,
  base: string,
  extra: Partial<ModelManagerOptions> = {},
): Harness {
  const db = openDatabase(join(dataDir, 'sahel.db'));
  const progress: ModelProgress[] = [];
  const changed: string[][] = [];
  const manager = new ModelManager({
    repo: new ModelsRepo(db),
    roles: new ModelRolesRepo(db),
    dir: join(dataDir, 'models'),
    catalog: TEST_CATALOG,
    log: silentLogger(),
    hfEndpoint: base,
    isLoaded: () => false,
    retryDelayMs: 10,
    events: { progress: (p) => progress.push(p), changed: (ids) => changed.push(ids) },
    ...extra,
  });
  return {
    manager,
    progress,
    changed,
    close: () => {
      manager.close();
      db.close();
    },
  };
}
