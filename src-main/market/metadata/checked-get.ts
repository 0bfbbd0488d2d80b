import { type LookupAddress, lookup } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPrivateAddress } from './address-policy.js';
import { MetadataUnreadable } from './errors.js';

/** A connection refused by the address rule: loopback or private outside a devnet. */
export class AddressRefused extends MetadataUnreadable {}

/** Which addresses a market fetch may connect to. */
export interface AddressRule {
  /** Loopback and private addresses allowed: only while the active network is a devnet. */
  allowPrivate: boolean;
  /** Which addresses count as private (default: isPrivateAddress); tests pose a loopback as public. */
  isPrivate?: (address: string) => boolean;
}

export interface CheckedGet extends AddressRule {
  /** Redirects followed (each hop http(s) and checked again); 0: a redirect is refused. */
  maxRedirects: number;
  headers?: Record<string, string>;
  signal: AbortSignal;
}

/**
 * GET an http(s) URL taken from untrusted input (metadata, a listing's locations, a gateway path),
 * for every market fetch: every address a name resolves to is checked when the connection is made
 * (node's `lookup` hook), so a DNS answer cannot swap a private address in after a check (DNS
 * rebinding); redirects are followed by hand, each hop http or https and checked again. Returns the
 * first answer that is not a redirect, and the URL that gave it. Failures are MetadataUnreadable with
 * a sentence saying why.
 */
export async function checkedGet(url: string, o: CheckedGet): Promise<{ res: IncomingMessage; url: URL }> {
  let target = parseTarget(url);
  for (let hop = 0; ; hop++) {
    const res = await get(target, o);
    const status = res.statusCode ?? 0;
    if (status < 300 || status >= 400 || !res.headers.location) return { res, url: target };
    res.resume();
    if (o.maxRedirects === 0) throw new MetadataUnreadable(`redirected (${status}): refused`);
    if (hop >= o.maxRedirects) throw new MetadataUnreadable('too many redirects');
    target = parseTarget(new URL(res.headers.location, target).toString());
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

function refused(rule: AddressRule, address: string): boolean {
  return !rule.allowPrivate && (rule.isPrivate ?? isPrivateAddress)(address);
}

function checkedLookup(rule: AddressRule): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const bad = addresses.find((a) => refused(rule, a.address));
      if (bad || addresses.length === 0) {
        const refused = new AddressRefused(
          `${hostname} is a loopback or private address, refused outside a devnet`,
        );
        return callback(refused as NodeJS.ErrnoException, '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

function get(url: URL, o: CheckedGet): Promise<IncomingMessage> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && refused(o, host)) {
    throw new AddressRefused(`${url.host} is a loopback or private address, refused outside a devnet`);
  }
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'GET',
      signal: o.signal,
      lookup: checkedLookup(o),
      headers: { 'accept-encoding': 'identity', ...o.headers },
    });
    req.on('response', resolve);
    req.on('error', (err) => reject(fetchError(err, url, o.signal)));
    req.end();
  });
}

/** A socket or stream error as a sentence (the refusal from the lookup hook passes through). */
export function fetchError(err: Error, url: URL | undefined, signal: AbortSignal): Error {
  if (err instanceof MetadataUnreadable) return err;
  if (signal.aborted) return new MetadataUnreadable('no answer in time');
  const code = (err as NodeJS.ErrnoException).code;
  return new MetadataUnreadable(`${url ? `${url.host}: ` : ''}${code ?? 'the request failed'}`);
}

/**
 * An abort signal that fires once nothing happened for `ms`: `alive()` on each sign of progress, `stop()`
 * when done. A location from untrusted input that accepts and then stalls must not hold its caller.
 */
export function idleTimer(ms: number): { signal: AbortSignal; alive(): void; stop(): void } {
  const idle = new AbortController();
  let timer = setTimeout(() => idle.abort(), ms);
  return {
    signal: idle.signal,
    alive() {
      clearTimeout(timer);
      timer = setTimeout(() => idle.abort(), ms);
    },
    stop: () => clearTimeout(timer),
  };
}
