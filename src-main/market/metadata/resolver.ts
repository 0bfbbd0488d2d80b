import { z } from 'zod';
import { AssetMetadata, METADATA_MAX_BYTES } from '../../../src-shared/domain/asset-metadata.js';
import { untrustedLine } from '../../../src-shared/untrusted-text.js';
import { dataUriBytes } from './data-uri.js';
import { MetadataUnreadable } from './errors.js';
import { type FetchPolicy, fetchCapped } from './fetch-http.js';

/**
 * What the market made of an asset's metadataURI:
 * - `ok`: a valid AssetMetadata v1 document;
 * - `legacy`: the devnet's early demo form `{name, description, demo: true}`, mapped explicitly to a
 *   title and description (it has no content or ciphertext information, so nothing can be bought from it);
 * - `unreadable`: anything else, with the reason (the listing stays listed under a neutral title).
 */
export type MetadataOutcome =
  | { state: 'ok'; metadata: AssetMetadata }
  | { state: 'legacy'; title: string; description: string }
  | { state: 'unreadable'; problem: string };

/** The demo assets' metadata as older Sahels seeded it (before market/demo gave them content), exactly that and nothing more. */
const LegacyDemo = z.strictObject({
  name: z.string().min(1).max(200),
  description: z.string().max(8000),
  demo: z.literal(true),
});

export interface ResolverOptions {
  /** The IPFS gateway's base URL (Settings); empty: ipfs:// is not fetched. */
  ipfsGateway: () => string;
  timeoutMs?: number;
  /** Results kept in memory (least recently used dropped first), by count and by bytes held. */
  maxEntries?: number;
  maxBytes?: number;
  /** How long a failure is remembered before the URI is tried again. */
  retryAfterMs?: number;
  now?: () => number;
  /** Which addresses count as private (default: all loopback and private ranges); tests only. */
  isPrivate?: (address: string) => boolean;
}

interface Entry {
  outcome: MetadataOutcome;
  until: number;
  /** What the entry holds, roughly: its URI and its document. */
  bytes: number;
}

/**
 * Fetches and validates asset metadata, with a bounded in-memory cache (metadata of a registered asset
 * is immutable in intent, so a good answer is kept until evicted; a failure is retried after a while).
 * Answers read while private addresses were allowed (a devnet) are kept apart, so they never serve a
 * real network.
 */
export class MetadataResolver {
  private readonly cache = { devnet: new Map<string, Entry>(), public: new Map<string, Entry>() };
  private readonly inFlight = new Map<string, Promise<MetadataOutcome>>();
  private held = 0;

  constructor(private readonly o: ResolverOptions) {}

  /** The cached outcome, if there is a fresh one (no fetch): lets a search skip a promise per listing. */
  peek(uri: string, allowPrivate: boolean): MetadataOutcome | undefined {
    const hit = this.map(allowPrivate).get(uri);
    return hit && hit.until > (this.o.now ?? Date.now)() ? hit.outcome : undefined;
  }

  resolve(uri: string, allowPrivate: boolean): Promise<MetadataOutcome> {
    const map = this.map(allowPrivate);
    const now = (this.o.now ?? Date.now)();
    const hit = map.get(uri);
    if (hit && hit.until > now) {
      map.delete(uri);
      map.set(uri, hit); // most recently used last
      return Promise.resolve(hit.outcome);
    }
    const flightKey = `${allowPrivate ? 'p' : 'x'}:${uri}`;
    const running = this.inFlight.get(flightKey);
    if (running) return running;
    const p = this.read(uri, allowPrivate).then(({ outcome, size }) => {
      this.inFlight.delete(flightKey);
      const ttl = outcome.state === 'unreadable' ? (this.o.retryAfterMs ?? 60_000) : Number.POSITIVE_INFINITY;
      this.forget(map, uri);
      const bytes = uri.length + size;
      map.set(uri, { outcome, until: now + ttl, bytes });
      this.held += bytes;
      this.evict();
      return outcome;
    });
    this.inFlight.set(flightKey, p);
    return p;
  }

  private map(allowPrivate: boolean): Map<string, Entry> {
    return allowPrivate ? this.cache.devnet : this.cache.public;
  }

  private forget(map: Map<string, Entry>, uri: string): void {
    const old = map.get(uri);
    if (old) {
      this.held -= old.bytes;
      map.delete(uri);
    }
  }

  private evict(): void {
    const maxEntries = this.o.maxEntries ?? 20_000;
    const maxBytes = this.o.maxBytes ?? 32 * 1024 * 1024;
    for (const map of [this.cache.public, this.cache.devnet]) {
      while (
        map.size > 0 &&
        (this.cache.public.size + this.cache.devnet.size > maxEntries || this.held > maxBytes)
      ) {
        this.forget(map, map.keys().next().value as string);
      }
    }
  }

  private async read(
    uri: string,
    allowPrivate: boolean,
  ): Promise<{ outcome: MetadataOutcome; size: number }> {
    try {
      const bytes = await this.bytes(uri, allowPrivate);
      return { outcome: parseMetadata(bytes), size: bytes.length };
    } catch (err) {
      const why = err instanceof MetadataUnreadable ? err.message : 'an unexpected failure';
      const outcome = {
        state: 'unreadable',
        problem: `metadata could not be read: ${untrustedLine(why, 200)}`,
      } as const;
      return { outcome, size: outcome.problem.length };
    }
  }

  private bytes(uri: string, allowPrivate: boolean): Promise<Uint8Array> | Uint8Array {
    const policy: FetchPolicy = {
      allowPrivate,
      timeoutMs: this.o.timeoutMs ?? 10_000,
      maxBytes: METADATA_MAX_BYTES,
      ...(this.o.isPrivate ? { isPrivate: this.o.isPrivate } : {}),
    };
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(uri)?.[1]?.toLowerCase();
    if (scheme === 'data') return dataUriBytes(uri);
    if (scheme === 'http' || scheme === 'https') return fetchCapped(uri, policy);
    if (scheme === 'ipfs') {
      const gateway = this.o.ipfsGateway().replace(/\/+$/, '');
      if (!gateway) throw new MetadataUnreadable('ipfs:// needs an IPFS gateway (set one in Settings)');
      const path = /^ipfs:\/\/(b[a-z2-7]{20,200}|Qm[1-9A-HJ-NP-Za-km-z]{44})((?:\/[\w.-]+)*)$/.exec(uri);
      if (!path) throw new MetadataUnreadable('a malformed ipfs:// URI');
      return fetchCapped(`${gateway}/ipfs/${path[1]}${path[2] ?? ''}`, policy);
    }
    throw new MetadataUnreadable(`the URI scheme ${scheme ? `${scheme}:` : '(none)'} is not supported`);
  }
}

/** Bytes (already capped) → a metadata outcome: strict UTF-8, JSON, then the v1 schema or the legacy form. */
export function parseMetadata(bytes: Uint8Array): MetadataOutcome {
  if (bytes.length > METADATA_MAX_BYTES) throw new MetadataUnreadable('larger than 64 KiB');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new MetadataUnreadable('not UTF-8 JSON');
  }
  const v1 = AssetMetadata.safeParse(json);
  if (v1.success) return { state: 'ok', metadata: v1.data };
  const legacy = LegacyDemo.safeParse(json);
  if (legacy.success)
    return { state: 'legacy', title: legacy.data.name, description: legacy.data.description };
  const issue = v1.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  throw new MetadataUnreadable(`not Sahel asset metadata v1 (${where}${issue?.message ?? 'invalid'})`);
}
