import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { haveAge } from '../../support/age-cli.js';
import { tempDir } from '../../support/tmp.js';
import { type Chain, useChain } from '../contracts/harness.js';
import { seller } from './publish-fixture.js';
import { buyerSide, buyOffer, publishOffer, sellerSide, sha256 } from './trade-fixture.js';

// A real full disk under the buyer's vault: its vault/ directory (blobs, temp files, keyslots) is a
// small tmpfs, filled up to leave less room than the asset needs, so the kernel answers ENOSPC part
// way through the import's write. Mounting needs root (as in CI and this sandbox); elsewhere the test
// says it was skipped and why. The database and the downloads stay on the ordinary disk, so the
// licence can say what happened: a whole-disk full also stops SQLite, and the trade loop's round then
// fails and is retried as a whole.

let c: Chain;
const mounts: string[] = [];

function mountTmpfs(at: string, size: string): boolean {
  mkdirSync(at, { recursive: true });
  const ok = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', at]).status === 0;
  if (ok) mounts.push(at);
  return ok;
}

describe('the disk fills up while a bought asset is imported', () => {
  useChain((chain) => {
    c = chain;
  });
  afterEach(async () => {
    // A worker may hold its last file a moment after the vault closed: retry, then detach.
    for (const at of mounts.splice(0)) {
      let done = false;
      for (let i = 0; !done && i < 50; i++) {
        done = spawnSync('umount', [at]).status === 0;
        if (!done) await new Promise((r) => setTimeout(r, 100));
      }
      if (!done) spawnSync('umount', ['-l', at]);
    }
  });

  it.skipIf(!haveAge)(
    'the vault stays whole, the licence says not imported and why; freeing space imports it on the next round',
    async (ctx) => {
      const buyerDir = tempDir();
      const vaultDir = join(buyerDir, 'vault');
      if (!mountTmpfs(vaultDir, '4m')) ctx.skip(); // needs root to mount a tmpfs
      const s = await seller(c, tempDir());
      const original = randomBytes(2 * 1024 * 1024);
      const offerId = await publishOffer(s, original);
      const b = await buyerSide(c, buyerDir, 4);
      const sell = sellerSide(c, s);
      try {
        // Something the buyer had before, which must stay readable.
        const src = join(buyerDir, 'notes.txt');
        writeFileSync(src, 'kept through a full disk');
        const [earlier] = await b.vault.items.importPaths([src], [], null, 'before');
        const blobsBefore = readdirSync(join(vaultDir, 'blobs')).sort();
        // Fill the tmpfs until 1 MiB is left: the 2 MiB asset starts to be written, then ENOSPC.
        const free = () => {
          const f = statfsSync(vaultDir);
          return f.bavail * f.bsize;
        };
        const filler = join(vaultDir, 'filler');
        writeFileSync(filler, Buffer.alloc(free() - 1024 * 1024));
        expect(free()).toBeLessThan(original.length);

        const licenseId = await buyOffer(c, b, offerId);
        await sell.loop.tick();
        await b.loop.tick();
        const [licence] = await b.buyer.licenses();
        expect(licence).toMatchObject({ licenseId, state: 'escrowed', itemId: null });
        expect(licence!.reason).toBe(
          'delivered, not imported yet: the disk is full (nothing was added to the vault); ' +
            'free some space and it is imported on the next try',
        );
        // Nothing half-imported: no temp file, no new blob, the same items, the earlier one readable.
        expect(readdirSync(join(vaultDir, 'tmp'))).toEqual([]);
        expect(readdirSync(join(vaultDir, 'blobs')).sort()).toEqual(blobsBefore);
        expect(b.vault.items.list(null).map((i) => i.id)).toEqual([earlier!.id]);
        const kept = await b.vault.items.openPlaintext(earlier!.id);
        expect(await sha256(kept.stream)).toBe(
          createHash('sha256').update('kept through a full disk').digest('hex'),
        );
        await b.loop.tick(); // still full: the same state, no second attempt leaves anything
        expect(readdirSync(join(vaultDir, 'tmp'))).toEqual([]);
        expect((await b.buyer.licenses())[0]).toMatchObject({ state: 'escrowed', reason: licence!.reason });

        rmSync(filler); // space is freed
        await b.loop.tick();
        const [after] = await b.buyer.licenses();
        expect(after).toMatchObject({ licenseId, state: 'received', reason: null });
        expect(await sha256((await b.vault.items.openPlaintext(after!.itemId!)).stream)).toBe(
          createHash('sha256').update(original).digest('hex'),
        );
        expect(b.vault.items.list(null)).toHaveLength(2);
      } finally {
        await b.close();
        await s.close();
      }
    },
  );
});
