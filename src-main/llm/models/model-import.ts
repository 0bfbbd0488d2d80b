import { stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import type { ModelPurpose } from '../../../src-shared/domain/models.js';
import { SahelError } from '../../../src-shared/errors.js';
import type { ModelRolesRepo, ModelRow, ModelsRepo } from '../../store/index.js';
import { inspectGguf } from './gguf.js';
import { hashFile, realOrNull } from './model-files.js';
import { purposeFromGguf } from './purpose.js';
import { idFromFileName } from './sources.js';

export interface ImportContext {
  repo: ModelsRepo;
  roles: ModelRolesRepo;
  /** An id no row has, from the one wanted. */
  freeId(wanted: string): string;
}

/**
 * Adds a GGUF file from this machine as a model row, referenced where it is (multi-gigabyte files are
 * not copied). Its purpose comes from its header when that tells (an encoder, a pooling type), else
 * from `purpose`, else it is a chat model.
 */
export async function importModelFile(
  path: string,
  purpose: ModelPurpose | undefined,
  ctx: ImportContext,
): Promise<ModelRow> {
  if (!isAbsolute(path)) throw new SahelError('BAD_INPUT', 'The path must be absolute');
  const existing = importedAs(ctx.repo, path);
  if (existing) {
    throw new SahelError(
      'CONFLICT',
      `${path} is already imported as ${existing.id}; remove that model first to import it again`,
    );
  }
  const info = await stat(path).catch(() => {
    throw new SahelError('NOT_FOUND', `No file at ${path}`);
  });
  if (!info.isFile()) throw new SahelError('BAD_INPUT', `${path} is not a file`);
  const meta = await inspectGguf(path);
  const sha256 = await hashFile(path);
  const base = path.split(/[\\/]/).at(-1) ?? 'model.gguf';
  const told = purposeFromGguf(meta);
  if (told && purpose && told !== purpose) {
    throw new SahelError('BAD_INPUT', 'This file is an embedding model: it cannot chat');
  }
  const id = ctx.freeId(idFromFileName(base));
  const row = ctx.repo.insert({
    id,
    name: meta.name ?? base.replace(/\.gguf$/i, ''),
    source: 'import',
    catalogId: null,
    url: null,
    path,
    owned: false,
    state: 'ready',
    bytes: info.size,
    sizeBytes: info.size,
    sha256,
    error: null,
    architecture: meta.architecture,
    contextLength: meta.contextLength,
  });
  ctx.roles.setPurpose(id, told ?? purpose ?? 'chat');
  return row;
}

/** The row of a file already imported, by its path as given or as it resolves (symlinks). */
function importedAs(repo: ModelsRepo, path: string): ModelRow | undefined {
  const same = repo.byPath(path);
  if (same) return same;
  const real = realOrNull(path);
  if (real === null) return undefined;
  return repo.list().find((r) => r.source === 'import' && realOrNull(r.path) === real);
}
