import { createHash } from 'node:crypto';
import { SahelError } from '../../../src-shared/errors.js';
import { AddressRefused, checkedGet, idleTimer } from '../metadata/checked-get.js';

export interface UrlCheck {
  url: string;
  sha256: string;
  size: number;
  /** Loopback and private addresses are allowed only on a devnet. */
  devnet: boolean;
}

/** What fetching a hosted copy back gave. */
export type ReadBack =
  | { kind: 'same' }
  | { kind: 'other' }
  | { kind: 'status'; status: number }
  | { kind: 'unreachable'; why: string };

/** A location that sends nothing for this long is taken as not serving the file (a gateway still searching). */
const IDLE_MS = 120_000;

/**
 * Fetches a hosted copy of the `.age` file back, as a buyer will, and says whether it is byte for byte
 * the one Sahel wrote (size and sha256): the same connect-time address check as every market fetch
 * (outside a devnet no loopback or private address, whatever DNS answers), redirects followed only
 * `maxRedirects` times and only to http(s). A refused address throws (BAD_INPUT): no upload mends it.
 */
export async function readBack(c: UrlCheck, maxRedirects: number): Promise<ReadBack> {
  const idle = idleTimer(IDLE_MS);
  try {
    const { res } = await checkedGet(c.url, {
      allowPrivate: c.devnet,
      maxRedirects,
      signal: idle.signal,
    });
    if (res.statusCode !== 200) {
      res.resume();
      return { kind: 'status', status: res.statusCode ?? 0 };
    }
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of res as AsyncIterable<Buffer>) {
      idle.alive();
      size += chunk.length;
      if (size > c.size) {
        res.destroy();
        break;
      }
      hash.update(chunk);
    }
    return size === c.size && hash.digest('hex') === c.sha256 ? { kind: 'same' } : { kind: 'other' };
  } catch (err) {
    if (err instanceof AddressRefused) {
      throw new SahelError(
        'BAD_INPUT',
        `${new URL(c.url).host} is a loopback or private address: buyers could not reach it (allowed on a devnet only)`,
      );
    }
    const why = idle.signal.aborted ? 'nothing came for 2 minutes' : (err as Error).message;
    return { kind: 'unreachable', why };
  } finally {
    idle.stop();
  }
}

/**
 * Fetches an uploaded `.age` file back and checks it is the one Sahel wrote before its address goes on
 * chain. http(s) only, no redirects: a url location must answer itself, as buyers refuse redirects.
 */
export async function checkUploaded(c: UrlCheck): Promise<void> {
  const url = new URL(c.url);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new SahelError('BAD_INPUT', `${url.protocol} locations are not supported: give an http(s) URL`);
  }
  if (url.username || url.password) {
    throw new SahelError('BAD_INPUT', 'A location URL may not carry a user name or password');
  }
  const got = await readBack(c, 0);
  if (got.kind === 'unreachable') {
    throw new SahelError(
      'UNAVAILABLE',
      `${url.host} did not answer with the file (${got.why}): check the URL`,
    );
  }
  if (got.kind === 'status') {
    throw new SahelError('BAD_INPUT', `${url.host} answered ${got.status}: upload the .age file there first`);
  }
  if (got.kind === 'other') {
    throw new SahelError(
      'BAD_INPUT',
      `The file at ${url.host} is not the .age file Sahel wrote (its size or sha256 differs): upload that file unchanged`,
    );
  }
}
