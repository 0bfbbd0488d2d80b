import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/tmp.js';
import { openTestVault } from '../../support/vault.js';

// A real full disk: the data dir lives on a 3 MiB tmpfs. Mounting needs root (as in CI); elsewhere
// the test says it was skipped and why.
const mountPoint = mkdtempSync(join(tmpdir(), 'sahel-full-'));
let mounted = false;

describe('a full disk', () => {
  beforeAll(() => {
    mkdirSync(mountPoint, { recursive: true });
    mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mountPoint]).status === 0;
  });
  afterAll(async () => {
    // A worker thread may release its last file a moment after the vault closed: retry, then detach.
    for (let i = 0; mounted && i < 50; i++) {
      if (spawnSync('umount', [mountPoint]).status === 0) mounted = false;
      else await new Promise((r) => setTimeout(r, 100));
    }
    if (mounted) spawnSync('umount', ['-l', mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
  });

  it('fails an import with DISK_FULL and leaves the vault as it was (needs root to mount a tmpfs)', async (ctx) => {
    if (!mounted) ctx.skip();
    const dataDir = join(mountPoint, 'data');
    mkdirSync(dataDir);
    const t = openTestVault(dataDir);
    await t.vault.create('full disk passphrase');
    const note = await t.vault.items.addNote('before', 'still here', [], null);
    const blobsBefore = readdirSync(join(dataDir, 'vault', 'blobs'));
    const src = tempDir();
    writeFileSync(join(src, 'big.bin'), Buffer.alloc(8 * 1024 * 1024, 1));
    await expect(t.vault.items.importPaths([join(src, 'big.bin')], [], null, 'job')).rejects.toMatchObject({
      code: 'DISK_FULL',
    });
    expect(readdirSync(join(dataDir, 'vault', 'tmp'))).toEqual([]);
    expect(readdirSync(join(dataDir, 'vault', 'blobs'))).toEqual(blobsBefore);
    expect(t.vault.items.list(null).map((i) => i.id)).toEqual([note.id]);
    // Still usable, and unchanged after a restart.
    writeFileSync(join(src, 'small.txt'), 'fits');
    await t.vault.items.importPaths([join(src, 'small.txt')], [], null, 'job2');
    t.close();
    const again = openTestVault(dataDir);
    await again.vault.unlock('full disk passphrase');
    expect(
      again.vault.items
        .list(null)
        .map((i) => i.name)
        .sort(),
    ).toEqual(['before', 'small.txt']);
    expect(await again.vault.items.preview(note.id, 100)).toMatchObject({ kind: 'text', text: 'still here' });
    again.close();
  });
});
