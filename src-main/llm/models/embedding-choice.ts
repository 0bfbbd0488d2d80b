import { SahelError } from '../../../src-shared/errors.js';
import type { Logger } from '../../platform/index.js';
import type { ModelRolesRepo, ModelRow, ModelsRepo } from '../../store/index.js';
import { sizeOrNull } from './model-files.js';
import type { ViewContext } from './model-view.js';
import { purposeOf } from './model-view.js';

/** The embedding model retrieval uses: the user's choice, and its file when it is there to load. */
export class EmbeddingChoice {
  /** Embedding models whose changed file was logged already (retrieval asks on every search). */
  private readonly warnedChanged = new Set<string>();

  constructor(
    private readonly o: {
      repo: ModelsRepo;
      roles: ModelRolesRepo;
      catalog: ViewContext['catalog'];
      log: Logger;
    },
  ) {}

  /** Checks and keeps the choice: `row` must be a ready embedding model; null chooses none. */
  choose(row: ModelRow | null): void {
    if (row === null) {
      this.o.roles.setEmbeddingModel(null);
      return;
    }
    if (purposeOf(row, this.o) !== 'embedding')
      throw new SahelError('BAD_INPUT', `${row.name} is a chat model, not an embedding model`);
    if (row.state !== 'ready') throw new SahelError('CONFLICT', `${row.name} is not downloaded yet`);
    this.o.roles.setEmbeddingModel(row.id);
  }

  /**
   * The chosen embedding model's file, when it is there to load; else retrieval is BM25 only. Its
   * header was checked when it became ready; a file whose size changed since is not the one checked
   * (swapped, or cut short) and is not handed to the engine.
   */
  target(): { id: string; path: string } | undefined {
    const id = this.o.roles.embeddingModel();
    const row = id ? this.o.repo.get(id) : undefined;
    if (row?.state !== 'ready') return undefined;
    const size = sizeOrNull(row.path);
    if (size === null) return undefined;
    if (row.sizeBytes !== null && size !== row.sizeBytes) {
      if (!this.warnedChanged.has(row.id)) {
        this.warnedChanged.add(row.id);
        this.o.log.warn('embedding model file changed since it was checked; not used', {
          id: row.id,
          bytes: size,
          expected: row.sizeBytes,
        });
      }
      return undefined;
    }
    return { id: row.id, path: row.path };
  }
}
