// DNS rebinding against a bought asset's download, outside a devnet: a name whose lookup answers a
// public address when it is checked and loopback when the download connects. The check must be made
// at connect time (the metadata fetcher's), or the download reaches this machine. The fake DNS stands
// for the internet's: `node:dns/promises` (a lookup-time check) is told a public address, `node:dns`
// (what a connection made with the checked lookup asks) the loopback one.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchCiphertext } from '../../../src-main/market/receive/fetch-ciphertext.js';
import type { AssetMetadata } from '../../../src-shared/domain/asset-metadata.js';
import { GOOD_METADATA } from '../../support/asset-metadata.js';
import { tempDir } from '../../support/tmp.js';

const PUBLIC = '93.184.215.14';
const lookups: string[] = [];

vi.mock('node:dns/promises', async (real) => {
  const dns = await real<typeof import('node:dns/promises')>();
  const lookup = async (host: string) => {
    lookups.push(`check ${host}`);
    return [{ address: PUBLIC, family: 4 }];
  };
  return { ...dns, lookup, default: { ...dns, lookup } };
});

vi.mock('node:dns', async (real) => {
  const dns = await real<typeof import('node:dns')>();
  const lookup = (host: string, options: unknown, cb: (...a: unknown[]) => void) => {
    lookups.push(`connect ${host}`);
    const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all;
    if (all) return cb(null, [{ address: '127.0.0.1', family: 4 }]);
    return cb(null, '127.0.0.1', 4);
  };
  return { ...dns, lookup, default: { ...dns, lookup } };
});

const blob = randomBytes(10_000);
const sha = createHash('sha256').update(blob).digest('hex');
let server: Server | undefined;
let asked = 0;

afterEach(async () => {
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
});

describe('downloading a ciphertext from a name that rebinds to loopback', () => {
  it('is refused when it connects, outside a devnet; nothing is asked of this machine', async () => {
    server = createServer((_req, res) => {
      asked++;
      res.end(blob);
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const meta: AssetMetadata = {
      ...GOOD_METADATA,
      ciphertext: {
        sha256: `0x${sha}`,
        size: blob.length,
        locations: [{ kind: 'url', url: `http://localhost:${port}/x.age` }],
      },
    };
    await expect(fetchCiphertext(meta, { dir: tempDir(), devnet: false })).rejects.toThrow(
      /localhost is a loopback or private address, refused outside a devnet/,
    );
    expect(asked).toBe(0);
    expect(lookups).toContain('connect localhost');
  });
});
