import { mkdirSync } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  CatalogEntry,
  InstalledModel,
  ModelProgress,
  ModelPurpose,
} from '../../../src-shared/domain/models.js';
import { SahelError } from '../../../src-shared/errors.js';
import type { Logger } from '../../platform/index.js';
import type { ModelRolesRepo, ModelRow, ModelsRepo } from '../../store/index.js';
import { Downloads } from './downloads.js';
import { EmbeddingChoice } from './embedding-choice.js';
import { inspectGguf } from './gguf.js';
import type { LoadTarget } from './load-target.js';
import { importModelFile } from './model-import.js';
import { modelView, purposeOf } from './model-view.js';
import { purposeFromGguf } from './purpose.js';
import { HF_ENDPOINT, resolvePull } from './sources.js';
import { isVaultModelId, type VaultModels } from './vault-models.js';

export type { LoadTarget } from './load-target.js';

export interface ModelManagerOptions {
  repo: ModelsRepo;
  /** The embedding model chosen, and purposes the user gave imported files. */
  roles: ModelRolesRepo;
  /** Where downloads go: `<data dir>/models`. */
  dir: string;
  catalog: readonly CatalogEntry[];
  log: Logger;
  /** Hugging Face's address; tests point it at a loopback server (like huggingface_hub's HF_ENDPOINT). */
  hfEndpoint?: string;
  /** Whether the engine holds this model now (the LlmService knows). */
  isLoaded(id: string): boolean;
  events: {
    progress(p: ModelProgress): void;
    changed(ids: string[]): void;
    /** The embedding model retrieval should use changed (chosen, switched off, or removed). */
    embeddingChanged?(): void;
  };
  retries?: number;
  retryDelayMs?: number;
  /** GGUF models kept in the vault, listed and loaded beside these (ids `vault-<item id>`). */
  vault?: VaultModels;
}

/**
 * The models on this machine: downloads from the catalog, Hugging Face or any URL, and imported
 * GGUF files. Downloaded files live in `<data dir>/models` and are Sahel's; an imported file is
 * referenced where it is (multi-gigabyte files are not copied) and only forgotten on removal.
 */
export class ModelManager {
  private readonly downloads: Downloads;
  private readonly embedding: EmbeddingChoice;

  constructor(private readonly opts: ModelManagerOptions) {
    mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
    this.embedding = new EmbeddingChoice(opts);
    this.downloads = new Downloads({
      repo: opts.repo,
      log: opts.log,
      progress: (p) => opts.events.progress(p),
      changed: (id) => opts.events.changed([id]),
      pinnedSha: (row) => opts.catalog.find((c) => c.id === row.catalogId)?.sha256 ?? null,
      // A pulled file that says it embeds (a pooling type on a decoder, e.g. Qwen3-Embedding) is one.
      inspected: (row, meta) => {
        if (purposeFromGguf(meta) === 'embedding') opts.roles.setPurpose(row.id, 'embedding');
      },
      ...(opts.retries === undefined ? {} : { retries: opts.retries }),
      ...(opts.retryDelayMs === undefined ? {} : { retryDelayMs: opts.retryDelayMs }),
    });
  }

  catalog(): readonly CatalogEntry[] {
    return this.opts.catalog;
  }

  list(): InstalledModel[] {
    const inVault = this.opts.vault?.list(this.opts.isLoaded) ?? [];
    return [...this.opts.repo.list().map((r) => this.view(r)), ...inVault];
  }

  get(id: string): InstalledModel {
    if (this.opts.vault && this.inVault(id)) return this.opts.vault.get(id, this.opts.isLoaded);
    return this.view(this.row(id));
  }

  /** Carries on with downloads an earlier run left in 'downloading' (an app restart, a crash). */
  resumeInterrupted(): void {
    for (const row of this.opts.repo.list()) {
      if (row.state === 'downloading') void this.downloads.start(row);
    }
  }

  /** Starts downloading a catalog id, `hf:` URI or URL; returns at once with the new row. */
  pull(input: string): InstalledModel {
    const src = resolvePull(input, this.opts.catalog, this.opts.hfEndpoint ?? HF_ENDPOINT);
    const same = this.opts.repo.list().find((r) => r.url === src.url && r.source !== 'import');
    if (same) {
      if (same.state === 'ready') throw new SahelError('CONFLICT', `${same.name} is already installed`);
      if (!this.downloads.isActive(same.id)) void this.downloads.start(same);
      return this.get(same.id);
    }
    const id = this.freeId(src.id);
    const row = this.opts.repo.insert({
      id,
      name: src.name,
      source: src.catalog ? 'catalog' : 'url',
      catalogId: src.catalog?.id ?? null,
      url: src.url,
      path: join(this.opts.dir, `${id}.gguf`),
      owned: true,
      state: 'downloading',
      bytes: 0,
      sizeBytes: null,
      sha256: src.catalog?.sha256 ?? null,
      error: null,
      architecture: null,
      contextLength: null,
    });
    void this.downloads.start(row);
    return this.view(row);
  }

  /** Resolves when the model's download has settled (tests, and the CLI's `pull`). */
  async settled(id: string): Promise<InstalledModel> {
    const row = this.row(id);
    if (this.downloads.isActive(id)) await this.downloads.start(row);
    return this.get(id);
  }

  async pause(id: string): Promise<InstalledModel> {
    const row = this.row(id);
    if (row.state !== 'downloading') throw new SahelError('CONFLICT', `${row.name} is not downloading`);
    await this.downloads.stop(id, 'pause');
    return this.get(id);
  }

  resume(id: string): InstalledModel {
    const row = this.row(id);
    if (row.state === 'ready') throw new SahelError('CONFLICT', `${row.name} is already downloaded`);
    if (!row.url) throw new SahelError('CONFLICT', `${row.name} was imported, not downloaded`);
    if (!this.downloads.isActive(id)) void this.downloads.start(row);
    return this.get(id);
  }

  /** Stops a download and deletes what it fetched. */
  async cancel(id: string): Promise<void> {
    const row = this.row(id);
    if (row.state === 'ready')
      throw new SahelError('CONFLICT', `${row.name} is downloaded; remove it instead`);
    await this.downloads.stop(id, 'cancel');
    this.opts.repo.remove(id);
    await rm(`${row.path}.part`, { force: true });
    this.opts.events.changed([id]);
  }

  /** Forgets a model; deletes its file when Sahel downloaded it. The loaded model is refused. */
  async remove(id: string): Promise<void> {
    const row = this.row(id);
    if (this.opts.isLoaded(id)) throw new SahelError('CONFLICT', `${row.name} is loaded; unload it first`);
    const wasEmbedding = this.opts.roles.embeddingModel() === id;
    this.opts.roles.forget(id);
    if (wasEmbedding) this.opts.events.embeddingChanged?.();
    if (row.state !== 'ready') return this.cancel(id);
    // The row goes first: a crash in between leaves an unlisted file, never a row without its file.
    this.opts.repo.remove(id);
    if (row.owned) await rm(row.path, { force: true });
    this.opts.events.changed([id]);
  }

  /** Adds a GGUF file from this machine, referenced where it is (see model-import.ts). */
  async importFile(path: string, purpose?: ModelPurpose): Promise<InstalledModel> {
    const row = await importModelFile(path, purpose, {
      repo: this.opts.repo,
      roles: this.opts.roles,
      freeId: (wanted) => this.freeId(wanted),
    });
    this.opts.events.changed([row.id]);
    return this.view(row);
  }

  /** A ready model's file, checked again (it may have moved since), with what the fit check needs. */
  async loadTarget(id: string): Promise<LoadTarget> {
    if (this.opts.vault && this.inVault(id)) return this.opts.vault.target(id);
    const row = this.row(id);
    if (row.state !== 'ready') throw new SahelError('CONFLICT', `${row.name} is not downloaded yet`);
    if (this.purposeOf(row) === 'embedding')
      throw new SahelError('BAD_INPUT', `${row.name} is an embedding model: choose it under Embeddings`);
    const info = await stat(row.path).catch(() => {
      throw new SahelError('NOT_FOUND', `The file of ${row.name} is gone: ${row.path}`);
    });
    const meta = await inspectGguf(row.path);
    return { id, name: row.name, path: row.path, fileBytes: info.size, meta };
  }

  /** Chooses the embedding model retrieval uses (a ready embedding model), or none (null). */
  setEmbedding(id: string | null): InstalledModel | null {
    this.embedding.choose(id === null ? null : this.row(id));
    this.opts.events.changed(id === null ? [] : [id]);
    this.opts.events.embeddingChanged?.();
    return id === null ? null : this.get(id);
  }

  /** The chosen embedding model's file, when it is there to load; else retrieval is BM25 only. */
  embeddingTarget(): { id: string; path: string } | undefined {
    return this.embedding.target();
  }

  /** Stops downloads where they are; the next start of the app resumes them. */
  close(): void {
    this.downloads.closeAll();
  }

  /** A model of the vault: its id is `vault-<item id>` (no row takes such an id; see freeId). */
  private inVault(id: string): boolean {
    return isVaultModelId(id) && this.opts.repo.get(id) === undefined;
  }

  private row(id: string): ModelRow {
    if (this.inVault(id)) {
      throw new SahelError(
        'CONFLICT',
        `${id} is kept in the vault: it can only be loaded from here; delete or unmark it on the Vault page`,
      );
    }
    const row = this.opts.repo.get(id);
    if (!row) throw new SahelError('NOT_FOUND', `No model ${JSON.stringify(id)}`);
    return row;
  }

  private freeId(wanted: string): string {
    // `vault-…` names the vault's models: a file called so gets another id.
    const base = isVaultModelId(wanted) ? `file-${wanted}`.slice(0, 80) : wanted;
    let id = base;
    for (let n = 2; this.opts.repo.get(id); n++) id = `${base.slice(0, 74)}-${n}`;
    return id;
  }

  private view(r: ModelRow): InstalledModel {
    return modelView(r, this.opts);
  }

  private purposeOf(r: ModelRow): ModelPurpose {
    return purposeOf(r, this.opts);
  }
}
