import { existsSync } from 'node:fs';
import type { CatalogEntry, InstalledModel, ModelPurpose } from '../../../src-shared/domain/models.js';
import type { ModelRolesRepo, ModelRow } from '../../store/index.js';
import { purposeFromArchitecture } from './purpose.js';

/** What a model row's view needs besides the row. */
export interface ViewContext {
  catalog: readonly CatalogEntry[];
  roles: ModelRolesRepo;
  /** Whether the engine holds this model now. */
  isLoaded(id: string): boolean;
}

/** A row as the API shows it; a ready model whose file is gone is 'missing'. */
export function modelView(r: ModelRow, ctx: ViewContext): InstalledModel {
  const missing = r.state === 'ready' && !existsSync(r.path);
  return {
    id: r.id,
    name: r.name,
    source: r.source,
    catalogId: r.catalogId,
    url: r.url,
    path: r.path,
    owned: r.owned,
    state: missing ? 'missing' : r.state,
    bytes: r.bytes,
    sizeBytes: r.sizeBytes,
    sha256: r.sha256,
    error: missing ? 'The model file is no longer there' : r.error,
    architecture: r.architecture,
    contextLength: r.contextLength,
    loaded: ctx.isLoaded(r.id),
    created: r.created,
    purpose: purposeOf(r, ctx),
    embedding: ctx.roles.embeddingModel() === r.id,
  };
}

/** The user's word (kept at import), else the catalog's, else what the file's architecture says. */
export function purposeOf(r: ModelRow, ctx: Pick<ViewContext, 'catalog' | 'roles'>): ModelPurpose {
  const catalog = r.catalogId ? ctx.catalog.find((c) => c.id === r.catalogId) : undefined;
  return ctx.roles.purpose(r.id) ?? catalog?.purpose ?? purposeFromArchitecture(r.architecture) ?? 'chat';
}
