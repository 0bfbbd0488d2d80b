import { basename } from 'node:path';
import { type CatalogEntry, HfUri } from '../../../src-shared/domain/models.js';
import { SahelError } from '../../../src-shared/errors.js';

export const HF_ENDPOINT = 'https://huggingface.co';

/** Where a pull comes from, resolved to a URL and a model id. */
export interface PullSource {
  id: string;
  name: string;
  url: string;
  catalog: CatalogEntry | null;
}

/** `hf:owner/repo/dir/file.gguf` → `<endpoint>/owner/repo/resolve/main/dir/file.gguf`. */
export function hfUrl(uri: string, endpoint = HF_ENDPOINT): string {
  if (!HfUri.safeParse(uri).success) {
    throw new SahelError('BAD_INPUT', `${JSON.stringify(uri)} is not an hf:owner/repo/file.gguf URI`);
  }
  const [owner, repo, ...file] = uri.slice(3).split('/');
  return `${endpoint.replace(/\/+$/, '')}/${owner}/${repo}/resolve/main/${file.join('/')}`;
}

/** A model id from a file name: lower case, unsafe characters dashed, `.gguf` dropped. */
export function idFromFileName(file: string): string {
  const stem = basename(file)
    .replace(/\.gguf$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 72);
  return stem || 'model';
}

/** A catalog id, an `hf:` URI or an http(s) URL of a .gguf file. */
export function resolvePull(
  input: string,
  catalog: readonly CatalogEntry[],
  endpoint = HF_ENDPOINT,
): PullSource {
  const entry = catalog.find((c) => c.id === input);
  if (entry) return { id: entry.id, name: entry.name, url: hfUrl(entry.uri, endpoint), catalog: entry };
  if (input.startsWith('hf:')) {
    const url = hfUrl(input, endpoint);
    const file = input.split('/').at(-1)!;
    return { id: idFromFileName(file), name: file.replace(/\.gguf$/i, ''), url, catalog: null };
  }
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new SahelError('BAD_INPUT', `${JSON.stringify(input)} is not a catalog id, an hf: URI or a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new SahelError('BAD_INPUT', 'Models download over http(s) only');
  }
  const file = decodeURIComponent(url.pathname.split('/').at(-1) ?? '');
  if (!/\.gguf$/i.test(file)) throw new SahelError('BAD_INPUT', 'The URL must name a .gguf file');
  return { id: idFromFileName(file), name: file.replace(/\.gguf$/i, ''), url: url.href, catalog: null };
}

/**
 * What Hugging Face says about a file before it is fetched: its resolve URL answers with a redirect
 * carrying `X-Linked-ETag` (the LFS sha256) and `X-Linked-Size`, which the CDN's final answer lacks.
 * Other servers give nothing; the download then has no published hash to check, only its size.
 */
export async function probeLinked(url: string): Promise<{ sha256: string | null; size: number | null }> {
  try {
    const res = await fetch(url, { method: 'HEAD', redirect: 'manual', signal: AbortSignal.timeout(15_000) });
    const etag = res.headers.get('x-linked-etag')?.replaceAll('"', '').toLowerCase() ?? null;
    const size = Number(res.headers.get('x-linked-size') ?? Number.NaN);
    return {
      sha256: etag && /^[0-9a-f]{64}$/.test(etag) ? etag : null,
      size: Number.isSafeInteger(size) && size > 0 ? size : null,
    };
  } catch {
    // The download itself retries and reports network failures; the probe is best effort.
    return { sha256: null, size: null };
  }
}
