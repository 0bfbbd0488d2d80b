import type { ChatSearchHit, ChatSearchReadiness } from '../../../src-shared/domain/chat.js';
import { SahelError } from '../../../src-shared/errors.js';
import type { Logger } from '../../platform/index.js';
import type { ChatChangeState, ChatRepo } from '../../store/index.js';
import type { ChatHistory } from './history.js';
import { ChatSearchIndex } from './search.js';
import { applyChanges, titleOf } from './search-changes.js';
import type { SearchSnapshotFile } from './search-snapshot.js';

export interface ChatSearchServiceOptions {
  repo: ChatRepo;
  history: ChatHistory;
  /** Where the sealed index is kept between unlocks; absent: rebuilt after every unlock. */
  snapshot?: SearchSnapshotFile | undefined;
  log: Logger;
  /** Change-log rows applied per step of a catch-up, between API calls (default 500). */
  batch?: number;
  /** Changes since the snapshot on disk that make locking write a new one (default 1000). */
  lockWriteMin?: number;
  /**
   * Changes since the snapshot on disk that make a quiet moment write a new one (default 5000):
   * writing blocks for a while on a large history, catching up a few thousand changes does not.
   */
  idleWriteMin?: number;
  /** Quiet time after a change before a snapshot is written (default 60 s)… */
  writeDelayMs?: number;
  /** …but never later than this after the first unwritten change (default 10 min). */
  writeMaxDelayMs?: number;
}

const yieldToApi = () => new Promise<void>((r) => setImmediate(r));

/**
 * Chat search over the sealed history. After unlock the index comes from the sealed snapshot when
 * there is a usable one — search answers from it at once while the changes made since are applied
 * in the background ('catching-up') — or is rebuilt from every row ('building'; search waits).
 * Every change reaches the index through the change log (migration 0009), so the index always
 * holds exactly the changes up to `applied`: that number is what a snapshot records.
 */
export class ChatSearchService {
  private ix: ChatSearchIndex | undefined;
  private state: ChatSearchReadiness['state'] = 'locked';
  /** Bumped at unlock and lock: async work of an earlier session stops. */
  private session = 0;
  private epoch = '';
  private applied = 0;
  /** The watermark of the snapshot on disk this session knows of (-1: none usable). */
  private saved = -1;
  private usable: Promise<void> = Promise.resolve();
  private complete: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private dirtySince = 0;
  private readonly batchSize: number;

  constructor(private readonly opts: ChatSearchServiceOptions) {
    this.batchSize = opts.batch ?? 500;
  }

  readiness(): ChatSearchReadiness {
    const pending = this.ix ? Math.max(0, this.behind()) : 0;
    // Caught up by a search's own step: the loop says so at its next turn, readiness at once.
    const state = this.state === 'catching-up' && pending === 0 ? 'ready' : this.state;
    return { state, pending };
  }

  /** Loads or builds the index; resolves once it holds every change (search is usable earlier). */
  onUnlocked(): Promise<void> {
    // The vault reports 'unlocked' again on other changes (device unlock): one index per unlock.
    if (this.state !== 'locked') return this.complete;
    const session = ++this.session;
    const log = this.opts.repo.changeState();
    this.epoch = log.epoch;
    this.state = 'loading';
    this.prepareSnapshotKey();
    const loaded = this.load(session, log);
    let built = () => {};
    const searchable = new Promise<void>((resolve) => {
      built = resolve;
    });
    const complete = loaded
      .then((fromSnapshot) => (fromSnapshot ? this.catchUp(session) : this.build(session, built)))
      .catch((err: unknown) => {
        if (this.session === session) this.state = 'failed';
        this.opts.log.warn('chat: search index not ready', { error: (err as Error).message });
      })
      .finally(built);
    // From a snapshot search answers as soon as it is open; a build it waits for (not its write).
    this.usable = loaded.then((fromSnapshot) => (fromSnapshot ? undefined : searchable));
    this.complete = complete;
    return complete;
  }

  /**
   * The vault locked: a snapshot is written if enough changed, or if none usable is on disk yet (the
   * write after a build may not have had its turn), then the plaintext index goes.
   */
  onLocked(): void {
    this.session++;
    clearTimeout(this.timer);
    const ready = this.state === 'ready' || this.state === 'catching-up';
    if (ready && (this.saved < 0 || this.applied - this.saved >= (this.opts.lockWriteMin ?? 1000)))
      this.write();
    this.ix?.close();
    this.ix = undefined;
    this.opts.snapshot?.forget();
    this.state = 'locked';
    this.applied = 0;
    this.saved = -1;
  }

  /** A chat write happened (it is in the change log already). */
  changed(): void {
    if (this.state === 'ready') this.drain();
    this.scheduleWrite();
  }

  async search(query: string, limit: number): Promise<ChatSearchHit[]> {
    if (!this.ix) this.opts.history.page(null, 1); // the vault's LOCKED while it is locked
    await this.usable;
    const ix = this.ix;
    if (!ix) {
      if (this.state === 'failed')
        throw new SahelError('UNAVAILABLE', 'Chat search failed to start: see the log');
      throw new SahelError('LOCKED', 'The vault is locked');
    }
    if (this.state === 'ready') this.drain();
    // A few changes behind the snapshot: applied now, so the answer is complete; more wait their turn.
    else if (this.state === 'catching-up' && this.behind() <= this.batchSize) this.step();
    const titles = new Map<string, string | null>();
    return ix.search(query, limit).flatMap((hit) => {
      if (!titles.has(hit.conversationId)) titles.set(hit.conversationId, this.title(hit.conversationId));
      const title = titles.get(hit.conversationId);
      return title == null ? [] : [{ ...hit, title }];
    });
  }

  /** Seals the index to disk now (also done by itself: after a build, when idle after changes, at lock). */
  flush(): void {
    if (this.state === 'ready') this.drain();
    if (this.state === 'ready' || this.state === 'catching-up') this.write();
  }

  private prepareSnapshotKey(): void {
    try {
      this.opts.snapshot?.prepare(this.epoch);
    } catch (err) {
      this.opts.log.warn('chat: search snapshot key not made', { error: (err as Error).message });
    }
  }

  /** True when the index came from the snapshot; false when it must be built. */
  private async load(session: number, log: ChatChangeState): Promise<boolean> {
    const snap = this.opts.snapshot;
    if (!snap) return false;
    const started = performance.now();
    const read = await snap.read(log.epoch).catch(() => ({ ok: false, reason: 'unreadable' }) as const);
    if (this.session !== session) {
      if (read.ok) read.plain.fill(0);
      return false;
    }
    let refusal: string | undefined = read.ok ? undefined : read.reason;
    if (read.ok && read.watermark < log.prunedThrough) refusal = 'older-than-log';
    if (read.ok && read.watermark > log.last) refusal = 'ahead-of-log';
    if (read.ok && !refusal) {
      try {
        this.ix = new ChatSearchIndex(read.plain);
        this.ix.search('probe', 1); // a payload that authenticates but is no index fails here
        this.applied = this.saved = read.watermark;
        this.state = 'catching-up';
        this.opts.log.info('chat: search snapshot opened', {
          bytes: read.plain.length,
          ms: Math.round(performance.now() - started),
          behind: log.last - read.watermark,
        });
        return true;
      } catch {
        this.ix?.close();
        this.ix = undefined;
        refusal = 'not-an-index';
      } finally {
        read.plain.fill(0);
      }
    }
    if (refusal !== 'missing')
      this.opts.log.info('chat: search snapshot ignored, rebuilding', { reason: refusal });
    return false;
  }

  private async build(session: number, built: () => void): Promise<void> {
    if (this.session !== session) return; // locked while the snapshot was read
    const started = performance.now();
    const ix = new ChatSearchIndex();
    this.ix = ix;
    this.state = 'building';
    const h = this.opts.history;
    // Rows written while the build runs are logged after this mark and caught up when it ends.
    this.applied = this.opts.repo.changeState().last;
    ix.add(h.all().map((c) => ({ conversationId: c.id, messageId: null, text: c.title })));
    let n = 0;
    let damaged = 0;
    for (const rows of h.rawMessages()) {
      if (this.session !== session) return;
      const docs = rows.flatMap((r) => {
        try {
          const text = h.openMessage(r.id, r.conversationId, r.body).text;
          return [{ conversationId: r.conversationId, messageId: r.id, text }];
        } catch (err) {
          if ((err as { code?: string }).code !== 'CORRUPT') throw err;
          damaged++;
          return [];
        }
      });
      ix.add(docs);
      n += rows.length;
      // Let API calls in between: a large history takes a while to index.
      await yieldToApi();
    }
    this.opts.log.info('chat: search index built', {
      messages: n,
      damaged,
      ms: Math.round(performance.now() - started),
    });
    await this.catchUp(session);
    built();
    // Sealed in a moment of its own, so that a search waiting for the build answers first.
    await yieldToApi();
    if (this.session === session) this.write();
  }

  private async catchUp(session: number): Promise<void> {
    const started = performance.now();
    const from = this.applied;
    // Yield first: a search waiting for the snapshot answers before any catching up.
    for (;;) {
      await yieldToApi();
      if (this.session !== session) return;
      if (this.step() < this.batchSize) break;
    }
    this.state = 'ready';
    this.opts.log.info('chat: search index caught up', {
      changes: this.applied - from,
      ms: Math.round(performance.now() - started),
    });
    if (this.applied - this.saved >= (this.opts.lockWriteMin ?? 1000)) this.write();
  }

  /** Applies every pending change now (few, once ready: each write applies its own). */
  private drain(): void {
    while (this.step() === this.batchSize) {}
  }

  private behind(): number {
    return this.opts.repo.changeState().last - this.applied;
  }

  /** Applies up to one batch of the change log; returns how many log rows it read. */
  private step(): number {
    if (!this.ix) return 0;
    const { read, last } = applyChanges(
      this.ix,
      this.opts.repo,
      this.opts.history,
      this.applied,
      this.batchSize,
    );
    this.applied = last;
    return read;
  }

  private title(conversationId: string): string | null {
    return titleOf(this.opts.history, conversationId);
  }

  private scheduleWrite(): void {
    if (!this.ix) return;
    const now = Date.now();
    if (this.dirtySince === 0) this.dirtySince = now;
    const at = Math.min(
      now + (this.opts.writeDelayMs ?? 60_000),
      this.dirtySince + (this.opts.writeMaxDelayMs ?? 600_000),
    );
    clearTimeout(this.timer);
    this.timer = setTimeout(
      () => {
        this.dirtySince = 0;
        if (this.state === 'ready') this.drain();
        if (this.applied - this.saved >= (this.opts.idleWriteMin ?? 5000)) this.flush();
      },
      Math.max(0, at - now),
    );
    this.timer.unref();
  }

  /** Seals the index as it is (holding changes up to `applied`) and forgets the log up to there. */
  private write(): void {
    const snap = this.opts.snapshot;
    const ix = this.ix;
    this.dirtySince = 0;
    if (!ix || this.applied === this.saved) return;
    // Without a snapshot file every unlock rebuilds: the log is of no use past the index.
    if (!snap) {
      this.opts.repo.pruneChanges(this.applied);
      return;
    }
    if (!snap.prepared) return;
    const started = performance.now();
    const plain = ix.serialize();
    try {
      snap.write(this.epoch, this.applied, plain);
    } catch (err) {
      this.opts.log.warn('chat: search snapshot not written', { error: (err as Error).message });
      return;
    } finally {
      plain.fill(0);
    }
    this.saved = this.applied;
    this.opts.repo.pruneChanges(this.applied);
    this.opts.log.info('chat: search snapshot written', {
      watermark: this.applied,
      bytes: plain.length,
      ms: Math.round(performance.now() - started),
    });
  }
}
