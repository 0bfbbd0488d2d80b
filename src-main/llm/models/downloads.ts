import { rm, stat } from 'node:fs/promises';
import type { ModelProgress } from '../../../src-shared/domain/models.js';
import { SahelError } from '../../../src-shared/errors.js';
import type { Logger } from '../../platform/index.js';
import type { ModelRow, ModelsRepo } from '../../store/index.js';
import { DownloadError, type DownloadProgress, download, upstreamChanged } from './download.js';
import { type GgufSummary, inspectGguf } from './gguf.js';
import { probeLinked } from './sources.js';

/** Why a running download was stopped: each leaves a different state behind. */
type StopReason = 'pause' | 'cancel' | 'close';

interface Active {
  ctl: AbortController;
  stop: StopReason | null;
  done: Promise<void>;
}

export interface DownloadsOptions {
  repo: ModelsRepo;
  log: Logger;
  progress(p: ModelProgress): void;
  changed(id: string): void;
  /** The sha256 a row must have whatever the server says (the catalog's), if any. */
  pinnedSha?(row: ModelRow): string | null;
  /** A file checked out and is about to be 'ready': what its header says (its purpose, say). */
  inspected?(row: ModelRow, meta: GgufSummary): void;
  retries?: number;
  retryDelayMs?: number;
  /** How often progress is written to the database (events go out more often). */
  persistEveryMs?: number;
  /** How often progress events go out. */
  emitEveryMs?: number;
}

/**
 * Runs model downloads in the background over download.ts. Every state change is written to the
 * `models` row first, so an app restart finds 'downloading' rows and carries on from the `.part`
 * file; 'paused' rows wait for the user. A file becomes 'ready' only after its size, its sha256 and
 * its GGUF header checked out.
 */
export class Downloads {
  private readonly active = new Map<string, Active>();

  constructor(private readonly opts: DownloadsOptions) {}

  isActive(id: string): boolean {
    return this.active.has(id);
  }

  /** Starts (or continues) the download of a row; resolves when it has settled in some state. */
  start(row: ModelRow): Promise<void> {
    const running = this.active.get(row.id);
    if (running) return running.done;
    const ctl = new AbortController();
    const entry: Active = { ctl, stop: null, done: Promise.resolve() };
    this.active.set(row.id, entry);
    this.opts.repo.update(row.id, { state: 'downloading', error: null });
    this.opts.changed(row.id);
    entry.done = this.run(row, entry)
      .catch((err: unknown) => {
        if (entry.stop !== 'close')
          this.opts.log.warn('model download bookkeeping failed', { id: row.id, error: String(err) });
      })
      .finally(() => this.active.delete(row.id));
    return entry.done;
  }

  /** Stops a running download, keeping its part; resolves once it has stopped. */
  async stop(id: string, why: StopReason): Promise<void> {
    const entry = this.active.get(id);
    if (!entry) return;
    entry.stop ??= why;
    entry.ctl.abort();
    await entry.done;
  }

  /**
   * Stops every download without changing its state, so the next start (after a restart) resumes
   * it. Synchronous: the database may close right after, and nothing is written once this ran.
   */
  closeAll(): void {
    for (const entry of this.active.values()) {
      entry.stop ??= 'close';
      entry.ctl.abort();
    }
  }

  private async run(row: ModelRow, entry: Active): Promise<void> {
    const { repo } = this.opts;
    const id = row.id;
    const pinned = this.opts.pinnedSha?.(row) ?? null;
    let sha256 = pinned ?? row.sha256;
    let size = row.sizeBytes;
    // A catalog hash is still compared with what Hugging Face publishes now, before any byte.
    const linked = row.url && (pinned || !sha256) ? await probeLinked(row.url) : null;
    if (linked && !pinned) {
      sha256 = linked.sha256;
      size = linked.size ?? size;
      if (sha256 && entry.stop !== 'close') repo.update(id, { sha256, ...(size ? { sizeBytes: size } : {}) });
    } else if (linked && linked.sha256 === pinned) {
      size = linked.size ?? size;
    }
    const emit = this.progressEmitter(id, entry);
    try {
      if (entry.ctl.signal.aborted) throw new DownloadError('PAUSED', 'Paused');
      if (pinned && linked?.sha256 && linked.sha256 !== pinned) {
        // What was fetched before the change is of the old file, or of the new one: neither is wanted.
        await rm(`${row.path}.part`, { force: true });
        throw new DownloadError('UPSTREAM_CHANGED', upstreamChanged(pinned, linked.sha256));
      }
      const res = await download(
        { url: row.url!, dest: row.path, sha256, size },
        {
          signal: entry.ctl.signal,
          onProgress: emit,
          ...(this.opts.retries === undefined ? {} : { retries: this.opts.retries }),
          ...(this.opts.retryDelayMs === undefined ? {} : { retryDelayMs: this.opts.retryDelayMs }),
          // The row's id, never the URL: a URL may carry a token.
          onAttemptFailed: (f) => this.opts.log.warn('model download attempt failed', { id, ...f }),
        },
      );
      let meta: GgufSummary;
      try {
        meta = await inspectGguf(row.path);
      } catch (err) {
        // Only a refused header condemns the file; a reader that could not start says nothing of it.
        if (!SahelError.is(err) || err.code !== 'BAD_INPUT') throw err;
        await rm(row.path, { force: true });
        throw new DownloadError('NOT_GGUF', `The download was deleted: ${err.message}`);
      }
      this.opts.inspected?.(row, meta);
      repo.update(id, {
        state: 'ready',
        bytes: res.size,
        sizeBytes: res.size,
        sha256: res.sha256,
        error: null,
        architecture: meta.architecture,
        contextLength: meta.contextLength,
      });
      this.opts.progress({
        id,
        state: 'ready',
        bytes: res.size,
        total: res.size,
        speed: 0,
        eta: 0,
        error: null,
      });
    } catch (err) {
      if (entry.stop === 'close') return;
      const bytes = await partSize(row.path);
      if (entry.stop === 'pause') {
        repo.update(id, { state: 'paused', bytes });
        this.opts.progress({ id, state: 'paused', bytes, total: size, speed: 0, eta: null, error: null });
      } else if (entry.stop !== 'cancel') {
        const message =
          err instanceof DownloadError || SahelError.is(err)
            ? err.message
            : 'The download failed unexpectedly';
        const code = err instanceof DownloadError || SahelError.is(err) ? err.code : 'UNEXPECTED';
        this.opts.log.warn('model download failed', {
          id,
          code,
          error: code === 'UNEXPECTED' ? String(err) : message,
        });
        repo.update(id, { state: 'failed', bytes, error: message });
        this.opts.progress({ id, state: 'failed', bytes, total: size, speed: 0, eta: null, error: message });
      }
    }
    this.opts.changed(id);
  }

  /** Progress events a few times a second, and the byte count persisted now and then. */
  private progressEmitter(id: string, entry: Active): (p: DownloadProgress) => void {
    let lastEmit = 0;
    let lastSave = 0;
    const emitEvery = this.opts.emitEveryMs ?? 250;
    const saveEvery = this.opts.persistEveryMs ?? 2000;
    return (p) => {
      if (entry.stop === 'close') return;
      const now = performance.now();
      const last = p.total !== null && p.bytes >= p.total;
      if (now - lastSave >= saveEvery) {
        lastSave = now;
        this.opts.repo.update(id, { bytes: p.bytes, ...(p.total ? { sizeBytes: p.total } : {}) });
      }
      if (!last && now - lastEmit < emitEvery) return;
      lastEmit = now;
      this.opts.progress({ id, state: 'downloading', ...p, error: null });
    };
  }
}

async function partSize(dest: string): Promise<number> {
  try {
    return (await stat(`${dest}.part`)).size;
  } catch {
    return 0;
  }
}
