// The wallet through `sahel serve`'s WebSocket API (as the UI uses it) and through the CLI talking to
// that running owner; then every file of the data dir is searched for the secrets.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { privateKeyToAddress } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { onEvent } from '../../../src-shared/api/client.js';
import type { WalletAccount, WalletStatus } from '../../../src-shared/domain/wallet.js';
import { SahelError } from '../../../src-shared/errors.js';
import { runCli } from '../../support/cli.js';
import { startServe } from '../../support/sahel-process.js';
import { tempDir } from '../../support/tmp.js';
import { wsConnect } from '../../support/ws-client.js';

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** Files of dir holding any needle, as UTF-8 or UTF-16, in its case or upper case. */
function filesHolding(dir: string, needles: string[]): string[] {
  const forms = needles.flatMap((n) =>
    [n, n.toUpperCase()].flatMap((s) => [Buffer.from(s), Buffer.from(s, 'utf16le')]),
  );
  return allFiles(dir).filter((f) => {
    const bytes = readFileSync(f);
    return forms.some((n) => bytes.includes(n));
  });
}

async function code(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => 'no error',
    (e: unknown) => (SahelError.is(e) ? e.code : String(e)),
  );
}

describe('the wallet through a running Sahel', () => {
  it('backs up over the API; the CLI uses the running owner; no recovery word, key or name reaches the disk', async () => {
    const dataDir = tempDir();
    const served = await startServe(dataDir);
    const conn = await wsConnect(served);
    const key = `0x${randomBytes(32).toString('hex')}` as const;
    const canaryName = `canary${randomBytes(6).toString('hex')}`;
    let words: string[] = [];
    try {
      const api = conn.api;
      const seen: WalletStatus[] = [];
      onEvent(conn.wire, 'wallet.changed', (s) => seen.push(s));
      expect(await code(api.wallet.create({ words: 12 }))).toBe('LOCKED');
      await api.vault.create({ passphrase: 'canary vault 81 quiet herons' });
      expect((await api.wallet.create({ words: 24 })).backup).toBe('pending');
      words = (await api.wallet.backupWords({})).words;
      expect(words).toHaveLength(24);
      const { positions } = await api.wallet.backupQuiz({});
      const status = await api.wallet.confirmBackup({
        answers: positions.map((position) => ({ position, word: words[position - 1]! })),
      });
      expect(status.backup).toBe('confirmed');
      expect(await code(api.wallet.backupWords({}))).toBe('CONFLICT');
      expect(await code(api.wallet.revealWords({ passphrase: 'wrong passphrase' }))).toBe('WRONG_PASSPHRASE');
      expect((await api.wallet.revealWords({ passphrase: 'canary vault 81 quiet herons' })).words).toEqual(
        words,
      );

      const imported = await api.wallet.import({ kind: 'privateKey', privateKey: key, name: canaryName });
      expect(imported.address).toBe(privateKeyToAddress(key));
      expect(await code(api.wallet.import({ kind: 'privateKey', privateKey: key }))).toBe('CONFLICT');
      expect(await code(api.wallet.import({ kind: 'mnemonic', mnemonic: words.join(' ') }))).toBe('CONFLICT');
      expect(await code(api.wallet.import({ kind: 'privateKey', privateKey: '0x1234' }))).toBe('BAD_INPUT');
      await api.wallet.addAccount({ name: 'Second' });

      // The CLI reaches the same owner over its socket and sees the names (the vault is unlocked there).
      const cli = await runCli(['--json', '--data-dir', dataDir, 'wallet', 'accounts']);
      expect(cli.code, cli.stderr).toBe(0);
      const { accounts } = JSON.parse(cli.stdout) as { accounts: WalletAccount[] };
      expect(accounts.map((a) => [a.source, a.index, a.name])).toEqual([
        ['hd', 0, 'Account 1'],
        ['imported', null, canaryName],
        ['hd', 1, 'Second'],
      ]);
      // Private keys have no way out of the API but an encrypted keystore after the passphrase.
      expect(JSON.stringify(accounts)).not.toContain(key.slice(2));

      await api.vault.lock({});
      expect(await code(api.wallet.addAccount({ name: 'x' }))).toBe('LOCKED');
      expect((await api.wallet.accounts({})).accounts.map((a) => a.name)).toEqual([null, null, null]);
      await new Promise((r) => setTimeout(r, 200));
      expect(seen.at(-1)).toMatchObject({ locked: true, accounts: 3 });
      expect(seen.some((s) => s.backup === 'confirmed' && !s.locked)).toBe(true);

      // Checked while the owner still runs, so the WAL has not been folded into the database yet.
      expect(allFiles(dataDir).some((f) => f.endsWith('-wal'))).toBe(true);
      expect(filesHolding(dataDir, [words.join(' '), words.join('","'), key.slice(2), canaryName])).toEqual(
        [],
      );
    } finally {
      conn.close();
      await served.stop();
    }
    expect(words).toHaveLength(24);
    expect(filesHolding(dataDir, [words.join(' '), words.join('","'), key.slice(2), canaryName])).toEqual([]);
  }, 120_000);
});
