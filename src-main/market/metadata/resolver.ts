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

/** The seeded demo assets' metadata before v1 (src-main/chain/seed.ts), exactly that and nothing more. */
const LegacyDemo = z.strictObject({
  name: z.string().min(1).max(200),
  description: z.string().max(8000),
  demo: z.literal(true),
});

export interface ResolverOptions {
  /** The IPFS gateway's base URL (Settings); empty: ipfs:// is not fetched. */
  ipfsGateway: () => string;
  timeoutMs?: number;
  /** Results kept in memory (oldest dropped first). */
  maxEntries?: number;
  /** How long a failure is remembered before the URI is tried again. */
  retryAfterMs?: number;
  now?: () => number;
  /** Which addresses count as private (default: all loopback and private ranges); tests only. */
  isPrivate?: (address: string) => boolean;
}

interface Entry {
  outcome: MetadataOutcome;
  until: number;
}

/**
 * Fetches and validates asset metadata, with a bounded in-memory cache (metadata of a registered asset
 * is immutable in intent, so a good answer is kept until evicted; a failure is retried after a while).
 * The cache key includes whether private addresses were allowed, so a devnet's answer never serves a
 * real network.
 */
export class MetadataResolver {
  private readonly cache = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<MetadataOutcome>>();

  constructor(private readonly o: ResolverOptions) {}

  resolve(uri: string, allowPrivate: boolean): Promise<MetadataOutcome> {
    const key = `${allowPrivate ? 'p' : 'x'}:${uri}`;
    const now = (this.o.now ?? Date.now)();
    const hit = this.cache.get(key);
    if (hit && hit.until > now) {
      this.cache.delete(key);
      this.cache.set(key, hit); // most recently used last
      return Promise.resolve(hit.outcome);
    }
    const running = this.inFlight.get(key);
    if (running) return running;
    const p = this.read(uri, allowPrivate).then((outcome) => {
      this.inFlight.delete(key);
      const ttl = outcome.state === 'unreadable' ? (this.o.retryAfterMs ?? 60_000) : Number.POSITIVE_INFINITY;
      this.cache.set(key, { outcome, until: now + ttl });
      while (this.cache.size > (this.o.maxEntries ?? 2_000)) {
        this.cache.delete(this.cache.keys().next().value as string);
      }
      return outcome;
    });
    this.inFlight.set(key, p);
    return p;
  }

  private async read(uri: string, allowPrivate: boolean): Promise<MetadataOutcome> {
    try {
      return parseMetadata(await this.bytes(uri, allowPrivate));
    } catch (err) {
      const why = err instanceof MetadataUnreadable ? err.message : 'an unexpected failure';
      return { state: 'unreadable', problem: `metadata could not be read: ${untrustedLine(why, 200)}` };
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
