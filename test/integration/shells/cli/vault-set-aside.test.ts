// An item whose sealed record no longer opens (disk damage) is set aside by the owner: the CLI names it
// in `vault list` and `vault rm` removes it, as the Vault page does. It has no metadata to read, so rm
// must not ask for it first.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../src-main/store/database.js';
import type { SetAsideItem, VaultItem } from '../../../../src-shared/domain/vault.js';
import { type CliResult, runCli } from '../../../support/cli.js';
import { tempDir } from '../../../support/tmp.js';

const SLOW = 120_000;
let dataDir: string;
let pass: string;

function sahel(args: string[], input?: string): Promise<CliResult> {
  return runCli(args, {
    dataDir,
    env: { SAHEL_PASSPHRASE_FILE: pass },
    timeoutMs: 60_000,
    ...(input === undefined ? {} : { input }),
  });
}

function ok(r: CliResult): CliResult {
  expect(r.code, `exit ${r.code}; stderr: ${r.stderr}`).toBe(0);
  return r;
}

/** Flips one bit of an item's sealed record in the SQLite file, as a bad sector would. */
function breakRecord(id: string): void {
  const db = openDatabase(join(dataDir, 'sahel.db'));
  try {
    const { meta } = db.prepare('SELECT meta FROM vault_items WHERE id = ?').get(id) as { meta: Buffer };
    meta[meta.length - 1]! ^= 0x01;
    db.prepare('UPDATE vault_items SET meta = ? WHERE id = ?').run(meta, id);
  } finally {
    db.close();
  }
}

describe('sahel vault list and rm with an item set aside', () => {
  const ids = { kept: '', lost: '' };

  beforeAll(async () => {
    const dir = tempDir();
    dataDir = join(dir, 'data');
    pass = join(dir, 'pass');
    writeFileSync(pass, 'set aside 29 amber thrushes\n', { mode: 0o600 });
    ok(await sahel(['vault', 'init']));
    const note = async (name: string) =>
      (JSON.parse(ok(await sahel(['--json', 'vault', 'note', name], `${name} text\n`)).stdout) as VaultItem)
        .id;
    ids.kept = await note('kept');
    ids.lost = await note('lost');
    breakRecord(ids.lost);
  }, SLOW);

  it(
    'lists the readable items and names the one set aside, with how to remove it',
    async () => {
      const listed = JSON.parse(ok(await sahel(['--json', 'vault', 'list'])).stdout) as {
        items: VaultItem[];
        setAside: SetAsideItem[];
      };
      expect(listed.items.map((i) => i.id)).toEqual([ids.kept]);
      expect(listed.setAside).toEqual([{ id: ids.lost, reason: 'unreadable', name: null, kind: null }]);
      const human = ok(await sahel(['vault', 'list'])).stdout;
      expect(human).toContain(`${ids.lost}: its record cannot be opened`);
      expect(human).toContain('sahel vault rm <id>');
    },
    SLOW,
  );

  it(
    'removes it with rm --yes, and the list is whole again',
    async () => {
      expect(JSON.parse(ok(await sahel(['--json', 'vault', 'rm', ids.lost, '--yes'])).stdout)).toEqual({
        removed: 1,
      });
      const listed = JSON.parse(ok(await sahel(['--json', 'vault', 'list'])).stdout) as {
        items: VaultItem[];
        setAside: SetAsideItem[];
      };
      expect(listed).toMatchObject({ setAside: [] });
      expect(listed.items.map((i) => i.id)).toEqual([ids.kept]);
    },
    SLOW,
  );
});
