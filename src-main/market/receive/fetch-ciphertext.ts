import { createHash } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AssetMetadata, ContentLocation } from '../../../src-shared/domain/asset-metadata.js';
import { checkedGet, idleTimer } from '../metadata/checked-get.js';

export interface FetchOptions {
  /** Where downloads live: `<sha256>.part` while incomplete (resumed with Range), `<sha256>` when done. */
  dir: string;
  /** Loopback and private addresses are allowed only on a devnet. */
  devnet: boolean;
  /** The IPFS gateway's base URL (Settings) that `ipfs` locations are fetched through; empty: not fetched. */
  ipfsGateway?: string;
  progress?: (bytes: number, total: number) => void;
  /**
   * A location that sends nothing for this long is given up and the next one tried (default 60 s): the
   * addresses come from untrusted metadata, and one that accepts and then stalls must not hold the
   * trade loop (its rounds run one at a time) for the whole download's limit.
   */
  idleMs?: number;
}

const IDLE_MS = 60_000;
const DOWNLOAD_MS = 10 * 60_000;

/** A download that did not give the announced bytes: the evidence is kept at `path`. */
export class CiphertextMismatch extends Error {
  override readonly name = 'CiphertextMismatch';
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

/**
 * The address of a location's copy of the ciphertext; null for an inline copy, or an ipfs one with no
 * gateway set. An ipfs CID is fetched through the user's gateway like any url, and trusted no more: what
 * arrives is checked against the metadata's sha256 whatever the CID says.
 */
function urlOf(loc: ContentLocation, sha256: string, ipfsGateway = ''): URL | null {
  if (loc.kind === 'peer') return new URL(`${loc.url.replace(/\/+$/, '')}/market/blobs/${sha256}`);
  if (loc.kind === 'url') return new URL(loc.url);
  const gateway = ipfsGateway.replace(/\/+$/, '');
  if (loc.kind === 'ipfs' && gateway) return new URL(`${gateway}/ipfs/${loc.cid}`);
  return null;
}

/**
 * Puts one location's copy into `part`; says where it came from (for messages) and its sha256. An inline copy is
 * decoded from the listing; a peer, url or ipfs (through the gateway) copy is downloaded.
 */
async function fetchInto(
  loc: ContentLocation,
  sha: string,
  part: string,
  total: number,
  o: FetchOptions,
): Promise<{ from: string; sha256: string }> {
  if (loc.kind === 'inline') {
    const bytes = Buffer.from(loc.base64, 'base64');
    if (bytes.length !== total) throw new Error(`holds ${bytes.length} bytes, not the announced ${total}`);
    writeFileSync(part, bytes, { mode: 0o600 });
    o.progress?.(total, total);
    return { from: 'the listing', sha256: createHash('sha256').update(bytes).digest('hex') };
  }
  const url = urlOf(loc, sha, o.ipfsGateway);
  if (!url) throw new Error('no IPFS gateway is set (Settings)');
  // A gateway may send a path to its own subdomain form; a peer or url location answers itself.
  const redirects = loc.kind === 'ipfs' ? 3 : 0;
  return { from: url.host, sha256: await download(url, redirects, part, total, o) };
}

async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of createReadStream(path)) h.update(c as Buffer);
  return h.digest('hex');
}

/**
 * Downloads the asset's ciphertext from its locations in order, into `dir`: each answer is capped at
 * the announced size, a partial file is resumed with Range, redirects are refused (a location answers
 * itself), and the finished file's sha256 must be the metadata's. Returns the file's path. A file of
 * the right size and the wrong hash is moved aside as evidence (CiphertextMismatch); every location
 * failing otherwise throws the reasons, one per location.
 */
export async function fetchCiphertext(meta: AssetMetadata, o: FetchOptions): Promise<string> {
  const sha = meta.ciphertext.sha256.slice(2);
  const total = meta.ciphertext.size;
  mkdirSync(o.dir, { recursive: true, mode: 0o700 });
  const done = join(o.dir, sha);
  if (existsSync(done) && (await sha256File(done)) === sha) return done;
  const part = join(o.dir, `${sha}.part`);
  const problems: string[] = [];
  for (const loc of meta.ciphertext.locations) {
    let from: string;
    let got: string;
    try {
      ({ from, sha256: got } = await fetchInto(loc, sha, part, total, o));
    } catch (err) {
      problems.push(
        `${loc.kind === 'inline' ? 'inline' : (urlOf(loc, sha, o.ipfsGateway)?.host ?? loc.kind)}: ${(err as Error).message}`,
      );
      continue;
    }
    if (got !== sha) {
      const evidence = join(o.dir, `${sha}.mismatch-${Date.now()}`);
      renameSync(part, evidence);
      throw new CiphertextMismatch(`the ciphertext from ${from} is not the one the metadata names`, evidence);
    }
    renameSync(part, done);
    return done;
  }
  throw new Error(`no location gave the ciphertext (${problems.join('; ')})`);
}

/**
 * Brings `part` up to `total` bytes from `url` (resuming what is there) and returns the sha256 of the
 * whole file, hashed as it is written: a gigabyte is not read back a second time for its hash.
 */
async function download(
  url: URL,
  maxRedirects: number,
  part: string,
  total: number,
  o: FetchOptions,
): Promise<string> {
  const have = existsSync(part) ? statSync(part).size : 0;
  if (have > total) rmSync(part);
  const from = have > total ? 0 : have;
  if (from === total) return sha256File(part);
  const idleMs = o.idleMs ?? IDLE_MS;
  const idle = idleTimer(idleMs);
  try {
    // The same connect-time address check as metadata fetches: a name that resolved to a public
    // address for a check and to loopback at connect (DNS rebinding) is refused when it connects.
    const { res } = await checkedGet(url.toString(), {
      allowPrivate: o.devnet,
      maxRedirects,
      headers: from > 0 ? { range: `bytes=${from}-` } : {},
      signal: AbortSignal.any([AbortSignal.timeout(DOWNLOAD_MS), idle.signal]),
    });
    idle.alive();
    const resumed = res.statusCode === 206;
    if (!resumed && res.statusCode !== 200) {
      res.resume();
      throw new Error(`HTTP ${res.statusCode ?? 0}`);
    }
    if (resumed && !String(res.headers['content-range'] ?? '').startsWith(`bytes ${from}-`)) {
      res.resume();
      throw new Error('answered another range than the one asked for');
    }
    let got = resumed ? from : 0;
    const hash = createHash('sha256');
    if (got > 0) for await (const c of createReadStream(part, { end: got - 1 })) hash.update(c as Buffer);
    const capped = async function* (body: AsyncIterable<Uint8Array>) {
      for await (const chunk of body) {
        idle.alive();
        got += chunk.length;
        if (got > total) throw new Error(`more than the announced ${total} bytes`);
        o.progress?.(got, total);
        hash.update(chunk);
        yield chunk;
      }
    };
    const out = createWriteStream(part, { flags: resumed ? 'a' : 'w', mode: 0o600 });
    await pipeline(Readable.from(capped(res)), out);
    if (got !== total) throw new Error(`gave ${got} of ${total} bytes`);
    return hash.digest('hex');
  } catch (err) {
    // What arrived stays in the .part file: the next round resumes it with Range.
    if (idle.signal.aborted) throw new Error(`sent nothing for ${idleMs / 1000} s: given up for now`);
    throw err;
  } finally {
    idle.stop();
  }
}
