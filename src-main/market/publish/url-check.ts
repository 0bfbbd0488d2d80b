import { createHash } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { SahelError } from '../../../src-shared/errors.js';
import { isPrivateAddress } from '../metadata/address-policy.js';

export interface UrlCheck {
  url: string;
  sha256: string;
  size: number;
  /** Loopback and private addresses are allowed only on a devnet. */
  devnet: boolean;
  fetch?: typeof fetch;
}

/**
 * Fetches an uploaded `.age` file back and checks it is byte for byte the one Sahel wrote (size and
 * sha256) before its address goes on chain. http(s) only, no redirects (a location must answer
 * itself), and outside a devnet no loopback or private address (a listing must not point buyers'
 * machines at their own networks).
 */
export async function checkUploaded(c: UrlCheck): Promise<void> {
  const url = new URL(c.url);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new SahelError('BAD_INPUT', `${url.protocol} locations are not supported: give an http(s) URL`);
  }
  if (url.username || url.password) {
    throw new SahelError('BAD_INPUT', 'A location URL may not carry a user name or password');
  }
  if (!c.devnet) {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
    if (addresses.some(isPrivateAddress)) {
      throw new SahelError(
        'BAD_INPUT',
        `${url.host} is a loopback or private address: buyers could not reach it (allowed on a devnet only)`,
      );
    }
  }
  let res: Response;
  try {
    res = await (c.fetch ?? fetch)(url, { redirect: 'error', signal: AbortSignal.timeout(60_000) });
  } catch {
    throw new SahelError(
      'UNAVAILABLE',
      `${url.host} did not answer with the file (or redirected): check the URL`,
    );
  }
  if (!res.ok || !res.body) {
    throw new SahelError('BAD_INPUT', `${url.host} answered ${res.status}: upload the .age file there first`);
  }
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > c.size) break;
    hash.update(chunk);
  }
  if (size !== c.size || hash.digest('hex') !== c.sha256) {
    throw new SahelError(
      'BAD_INPUT',
      `The file at ${url.host} is not the .age file Sahel wrote (its size or sha256 differs): upload that file unchanged`,
    );
  }
}
