import type { IncomingMessage } from 'node:http';
import { type AddressRule, checkedGet, fetchError } from './checked-get.js';
import { MetadataUnreadable } from './errors.js';

export interface FetchPolicy extends AddressRule {
  /** For the whole fetch, redirects and body included. */
  timeoutMs: number;
  maxBytes: number;
  maxRedirects?: number;
}

/**
 * GET an http(s) URL for untrusted metadata through checkedGet (every hop checked when it connects),
 * the body cut off past `maxBytes`.
 */
export async function fetchCapped(url: string, policy: FetchPolicy): Promise<Uint8Array> {
  const signal = AbortSignal.timeout(policy.timeoutMs);
  const { res, url: target } = await checkedGet(url, {
    allowPrivate: policy.allowPrivate,
    ...(policy.isPrivate ? { isPrivate: policy.isPrivate } : {}),
    maxRedirects: policy.maxRedirects ?? 3,
    headers: { accept: 'application/json' },
    signal,
  });
  if (res.statusCode !== 200) {
    res.resume();
    throw new MetadataUnreadable(`${target.host} answered HTTP ${res.statusCode ?? 0}`);
  }
  return readCapped(res, policy.maxBytes, signal);
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
