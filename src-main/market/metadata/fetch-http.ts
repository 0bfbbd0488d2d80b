import { type LookupAddress, lookup } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPrivateAddress } from './address-policy.js';
import { MetadataUnreadable } from './errors.js';

export interface FetchPolicy {
  /** Loopback and private addresses allowed: only while the active network is a devnet. */
  allowPrivate: boolean;
  /** For the whole fetch, redirects and body included. */
  timeoutMs: number;
  maxBytes: number;
  maxRedirects?: number;
  /** Which addresses count as private (default: isPrivateAddress); tests pose a loopback as public. */
  isPrivate?: (address: string) => boolean;
}

/**
 * GET an http(s) URL for untrusted metadata: redirects followed by hand (each hop http or https and
 * checked again), every address the name resolves to checked at connection time (so a DNS answer
 * cannot swap a private address in after the check), the body cut off past `maxBytes`.
 */
export async function fetchCapped(url: string, policy: FetchPolicy): Promise<Uint8Array> {
  const signal = AbortSignal.timeout(policy.timeoutMs);
  let target = parseTarget(url);
  for (let hop = 0; ; hop++) {
    const res = await get(target, policy, signal);
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location) {
      res.resume();
      if (hop >= (policy.maxRedirects ?? 3)) throw new MetadataUnreadable('too many redirects');
      target = parseTarget(new URL(res.headers.location, target).toString());
      continue;
    }
    if (status !== 200) {
      res.resume();
      throw new MetadataUnreadable(`${target.host} answered HTTP ${status}`);
    }
    return readCapped(res, policy.maxBytes, signal);
  }
}

function parseTarget(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new MetadataUnreadable('not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new MetadataUnreadable(`a redirect or link to ${url.protocol} (only http and https are followed)`);
  }
  if (url.username || url.password) throw new MetadataUnreadable('a URL with credentials in it');
  return url;
}

function refused(policy: FetchPolicy, address: string): boolean {
  return !policy.allowPrivate && (policy.isPrivate ?? isPrivateAddress)(address);
}

function checkedLookup(policy: FetchPolicy): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const bad = addresses.find((a) => refused(policy, a.address));
      if (bad || addresses.length === 0) {
        const refused = new MetadataUnreadable(
          `${hostname} is a loopback or private address, refused outside a devnet`,
        );
        return callback(refused as NodeJS.ErrnoException, '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

function get(url: URL, policy: FetchPolicy, signal: AbortSignal): Promise<IncomingMessage> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && refused(policy, host)) {
    throw new MetadataUnreadable(`${url.host} is a loopback or private address, refused outside a devnet`);
  }
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'GET',
      signal,
      lookup: checkedLookup(policy),
      headers: { accept: 'application/json', 'accept-encoding': 'identity' },
    });
    req.on('response', resolve);
    req.on('error', (err) => reject(fetchError(err, url, signal)));
    req.end();
  });
}

function readCapped(res: IncomingMessage, maxBytes: number, signal: AbortSignal): Promise<Uint8Array> {
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    return Promise.reject(new MetadataUnreadable(`larger than ${maxBytes / 1024} KiB`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        // Rejected before destroying: destroy() reports the connection aborted at once.
        reject(new MetadataUnreadable(`larger than ${maxBytes / 1024} KiB`));
        res.destroy();
        return;
      }
      chunks.push(chunk);
    });
    res.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    res.on('error', (err) => reject(fetchError(err, undefined, signal)));
    res.on('aborted', () => reject(new MetadataUnreadable('the connection closed mid-answer')));
  });
}

function fetchError(err: Error, url: URL | undefined, signal: AbortSignal): Error {
  if (err instanceof MetadataUnreadable) return err;
  if (signal.aborted) return new MetadataUnreadable('no answer in time');
  const code = (err as NodeJS.ErrnoException).code;
  return new MetadataUnreadable(`${url ? `${url.host}: ` : ''}${code ?? 'the request failed'}`);
}
