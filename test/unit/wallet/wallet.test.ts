import {
  type Hex,
  parseEther,
  recoverMessageAddress,
  recoverTransactionAddress,
  recoverTypedDataAddress,
} from 'viem';
import { beforeEach, describe, expect, it } from 'vitest';
import { WalletRepo } from '../../../src-main/store/wallet-repo.js';
import { decryptKeystore, encryptKeystore } from '../../../src-main/wallet/keystore.js';
import { Wallet } from '../../../src-main/wallet/wallet.js';
import type { WalletStatus } from '../../../src-shared/domain/wallet.js';
import { SahelError } from '../../../src-shared/errors.js';
import { silentLogger } from '../../support/logger.js';
import { tempDir } from '../../support/tmp.js';
import { openTestVault } from '../../support/vault.js';

const PASS = 'wallet test 84 granite swifts';
const ANVIL = 'test test test test test test test test test test test junk';
const ANVIL_0 = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const ANVIL_1 = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const KEY_9 = '0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6';
const ADDR_9 = '0xa0Ee7A142d267C1f36714E4a8F75612F20a79720';

async function failure(fn: () => unknown): Promise<SahelError> {
  try {
    await fn();
  } catch (err) {
    if (SahelError.is(err)) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

let t: ReturnType<typeof setup>;
function setup() {
  const dir = tempDir();
  const opened = openTestVault(dir);
  const events: WalletStatus[] = [];
  const wallet = new Wallet({
    repo: new WalletRepo(opened.db),
    vault: opened.vault,
    log: silentLogger(),
    exportScrypt: { n: 1024, r: 8, p: 1 },
    events: { changed: (s) => events.push(s) },
  });
  return { dir, ...opened, wallet, events };
}

beforeEach(async () => {
  t = setup();
  await t.vault.create(PASS);
  return () => t.close();
});

describe('create and back up', () => {
  it('creates a 12-word wallet with one account; words shown until the quiz is passed', async () => {
    expect(t.wallet.status()).toEqual({
      exists: false,
      seed: false,
      backup: 'none',
      locked: false,
      accounts: 0,
    });
    const status = t.wallet.create(12);
    expect(status).toEqual({ exists: true, seed: true, backup: 'pending', locked: false, accounts: 1 });
    expect(t.events.at(-1)).toEqual(status);
    const words = t.wallet.backupWords();
    expect(words).toHaveLength(12);
    const [account] = t.wallet.accounts();
    expect(account).toMatchObject({ name: 'Account 1', source: 'hd', index: 0 });

    const positions = t.wallet.backupQuiz();
    expect(positions).toHaveLength(3);
    expect(new Set(positions).size).toBe(3);
    const answers = positions.map((position) => ({
      position,
      word: ` ${words[position - 1]!.toUpperCase()} `,
    }));
    expect(t.wallet.confirmBackup(answers).backup).toBe('confirmed');
    expect((await failure(() => t.wallet.backupWords())).code).toBe('CONFLICT');
    expect((await failure(() => t.wallet.backupQuiz())).code).toBe('CONFLICT');

    expect((await failure(() => t.wallet.revealWords('not the passphrase'))).code).toBe('WRONG_PASSPHRASE');
    expect(await t.wallet.revealWords(PASS)).toEqual(words);
    expect((await failure(() => t.wallet.create(12))).code).toBe('CONFLICT');
  });

  it('makes 24 words on request', () => {
    t.wallet.create(24);
    expect(t.wallet.backupWords()).toHaveLength(24);
  });

  it('refuses wrong answers, answers to other positions, and a confirm without a quiz', async () => {
    t.wallet.create(12);
    const words = t.wallet.backupWords();
    expect((await failure(() => t.wallet.confirmBackup([]))).code).toBe('CONFLICT');
    const positions = t.wallet.backupQuiz();
    const others = [1, 2, 3, 4, 5, 6].filter((p) => !positions.includes(p)).slice(0, 3);
    const elsewhere = others.map((position) => ({ position, word: words[position - 1]! }));
    expect((await failure(() => t.wallet.confirmBackup(elsewhere))).code).toBe('BAD_INPUT');
    const wrong = positions.map((position, i) => ({
      position,
      word: i === 1 ? ('zoo' === words[position - 1] ? 'zebra' : 'zoo') : words[position - 1]!,
    }));
    const err = await failure(() => t.wallet.confirmBackup(wrong));
    expect(err.code).toBe('BAD_INPUT');
    expect(err.message).toContain(`Word ${positions[1]}`);
    // The quiz is gone after a wrong answer: even the right words need a new one.
    const right = positions.map((position) => ({ position, word: words[position - 1]! }));
    expect((await failure(() => t.wallet.confirmBackup(right))).code).toBe('CONFLICT');
    expect(t.wallet.status().backup).toBe('pending');
  });
});

describe('import, accounts, names', () => {
  it("imports anvil's phrase: its accounts 0 and 1, named; the backup counts as done", async () => {
    const account = t.wallet.importMnemonic(` ${ANVIL.toUpperCase()}\n`, 'Dev');
    expect(account).toMatchObject({ address: ANVIL_0, name: 'Dev', source: 'hd', index: 0 });
    expect(t.wallet.status().backup).toBe('confirmed');
    expect(t.wallet.addAccount('Second')).toMatchObject({ address: ANVIL_1, name: 'Second', index: 1 });
    expect(t.wallet.renameAccount(ANVIL_1.toLowerCase() as Hex, 'Savings').name).toBe('Savings');
    expect(t.wallet.accounts().map((a) => a.name)).toEqual(['Dev', 'Savings']);
    expect(t.wallet.addresses()).toEqual([ANVIL_0, ANVIL_1]);
    expect((await failure(() => t.wallet.importMnemonic(ANVIL))).code).toBe('CONFLICT');
    expect(
      (
        await failure(() =>
          t.wallet.importPrivateKey('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'),
        )
      ).code,
    ).toBe('CONFLICT');
  });

  it('imports private keys and keystores; refuses bad keys and duplicates', async () => {
    expect(t.wallet.importPrivateKey(KEY_9.slice(2).toUpperCase())).toMatchObject({
      address: ADDR_9,
      name: 'Imported 1',
      source: 'imported',
      index: null,
    });
    expect((await failure(() => t.wallet.importPrivateKey(KEY_9))).code).toBe('CONFLICT');
    for (const bad of ['0x1234', `0x${'0'.repeat(64)}`, `0x${'f'.repeat(64)}`, 'zz'.repeat(32)]) {
      const err = await failure(() => t.wallet.importPrivateKey(bad));
      expect(err.code).toBe('BAD_INPUT');
      expect(err.message).not.toContain(bad);
    }
    const other = '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a';
    const json = await encryptKeystore(other, 'file password', { n: 1024, r: 8, p: 1 });
    expect((await failure(() => t.wallet.importKeystore(json, 'wrong'))).code).toBe('WRONG_PASSPHRASE');
    const imported = await t.wallet.importKeystore(json, 'file password', 'From geth');
    expect(imported).toMatchObject({ name: 'From geth', source: 'imported' });
    expect((await failure(() => t.wallet.addAccount('x'))).code).toBe('CONFLICT');
  });

  it('exports a keystore only after the vault passphrase, and it decrypts to the same account', async () => {
    t.wallet.importMnemonic(ANVIL);
    expect((await failure(() => t.wallet.exportKeystore(ANVIL_0, 'pw', 'wrong passphrase'))).code).toBe(
      'WRONG_PASSPHRASE',
    );
    const json = await t.wallet.exportKeystore(ANVIL_0, 'export pw', PASS);
    expect(JSON.parse(json).address).toBe(ANVIL_0.slice(2).toLowerCase());
    expect(await decryptKeystore(json, 'export pw')).toBe(
      '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
    );
    expect((await failure(() => t.wallet.exportKeystore(ADDR_9, 'pw', PASS))).code).toBe('NOT_FOUND');
  });
});

describe('signing', () => {
  it('signs a transaction, a message and typed data that recover to the account', async () => {
    t.wallet.importMnemonic(ANVIL);
    t.wallet.addAccount('Two');
    const signer = t.wallet.signer(ANVIL_1);
    expect(signer.address).toBe(ANVIL_1);
    expect(signer.sign).toBeUndefined();
    const tx = await signer.signTransaction({
      chainId: 31337,
      type: 'eip1559',
      to: ANVIL_0,
      value: parseEther('1.5'),
      nonce: 7,
      gas: 21_000n,
      maxFeePerGas: 2_000_000_000n,
      maxPriorityFeePerGas: 1_000_000n,
    });
    expect(await recoverTransactionAddress({ serializedTransaction: tx as `0x02${string}` })).toBe(ANVIL_1);
    const signature = await signer.signMessage({ message: 'hello sahel' });
    expect(await recoverMessageAddress({ message: 'hello sahel', signature })).toBe(ANVIL_1);
    const typed = {
      domain: { name: 'Sahel', chainId: 31337 },
      types: { Note: [{ name: 'text', type: 'string' }] },
      primaryType: 'Note' as const,
      message: { text: 'typed' },
    };
    expect(await recoverTypedDataAddress({ ...typed, signature: await signer.signTypedData(typed) })).toBe(
      ANVIL_1,
    );
  });

  it('says NOT_FOUND for an unknown address and BAD_INPUT for a malformed one', async () => {
    t.wallet.importMnemonic(ANVIL);
    expect((await failure(() => t.wallet.signer(ADDR_9))).code).toBe('NOT_FOUND');
    expect((await failure(() => t.wallet.signer('0x12' as Hex))).code).toBe('BAD_INPUT');
  });
});

describe('a locked vault', () => {
  it('refuses every secret operation with LOCKED; addresses stay readable, names do not', async () => {
    t.wallet.create(12);
    t.wallet.importPrivateKey(KEY_9);
    t.vault.lock();
    expect(t.wallet.status()).toMatchObject({ locked: true, accounts: 2 });
    expect(t.wallet.accounts().map((a) => a.name)).toEqual([null, null]);
    expect(t.wallet.addresses()).toHaveLength(2);
    const attempts: (() => unknown)[] = [
      () => t.wallet.create(12),
      () => t.wallet.backupWords(),
      () => t.wallet.backupQuiz(),
      () => t.wallet.importPrivateKey(KEY_9),
      () => t.wallet.importMnemonic(ANVIL),
      () => t.wallet.addAccount('x'),
      () => t.wallet.renameAccount(ADDR_9, 'x'),
      () => t.wallet.signer(ADDR_9),
      () => t.wallet.revealWords(PASS),
      () => t.wallet.exportKeystore(ADDR_9, 'pw', PASS),
    ];
    for (const attempt of attempts) expect((await failure(attempt)).code).toBe('LOCKED');
  });

  it('drops cached keys on lock; a signer handed out before cannot sign after', async () => {
    t.wallet.importMnemonic(ANVIL);
    const signer = t.wallet.signer(ANVIL_0);
    await signer.signMessage({ message: 'before' });
    expect(t.wallet.keysInMemory).toBe(1);
    t.vault.lock();
    t.wallet.forget();
    expect(t.wallet.keysInMemory).toBe(0);
    expect((await failure(() => signer.signMessage({ message: 'after' }))).code).toBe('LOCKED');
    await t.vault.unlock(PASS);
    // Unlocked again, the same signer works (the key is derived anew from the sealed phrase).
    const signature = await signer.signMessage({ message: 'again' });
    expect(await recoverMessageAddress({ message: 'again', signature })).toBe(ANVIL_0);
  });

  it('refuses a sealed name moved to another row (CORRUPT)', async () => {
    t.wallet.importMnemonic(ANVIL, 'First');
    t.wallet.addAccount('Second');
    const names = t.db.prepare('SELECT address, name FROM wallet_accounts ORDER BY seq').all() as {
      address: string;
      name: Buffer;
    }[];
    t.db
      .prepare('UPDATE wallet_accounts SET name = ? WHERE address = ?')
      .run(names[1]!.name, names[0]!.address);
    expect((await failure(() => t.wallet.accounts())).code).toBe('CORRUPT');
    // Put back, the row reads again: nothing else was touched by the failed read.
    t.db
      .prepare('UPDATE wallet_accounts SET name = ? WHERE address = ?')
      .run(names[0]!.name, names[0]!.address);
    expect(t.wallet.accounts().map((a) => a.name)).toEqual(['First', 'Second']);
  });
});

describe('addresses stored readable are checked against the sealed keys', () => {
  it('an address edited in sahel.db is replaced by the sealed one at unlock, with a warning', async () => {
    t.wallet.importMnemonic(ANVIL, 'First');
    t.wallet.importPrivateKey(KEY_9, 'Hot');
    t.vault.lock();
    t.wallet.forget();
    const EVIL = '0x000000000000000000000000000000000000bEEF';
    t.db.prepare('UPDATE wallet_accounts SET address = ? WHERE address = ?').run(EVIL, ANVIL_0);
    // Locked, the stored text is all there is (addresses are public and kept readable): it shows.
    expect(t.wallet.addresses()).toContain(EVIL);

    await t.vault.unlock(PASS);
    const accounts = t.wallet.accounts();
    expect(accounts.map((a) => a.address)).toEqual([ANVIL_0, ADDR_9]);
    expect(accounts[0]!.warning).toMatch(new RegExp(`held ${EVIL}.*uses ${ANVIL_0}`));
    expect(accounts[0]!.name).toBe('First');
    expect(accounts[1]!.warning).toBeUndefined();
    // The row is repaired: locked again, the right address is what sahel.db says.
    expect(t.db.prepare('SELECT address FROM wallet_accounts ORDER BY seq').all()).toEqual([
      { address: ANVIL_0 },
      { address: ADDR_9 },
    ]);
    const signature = await t.wallet.signer(ANVIL_0).signMessage({ message: 'mine' });
    expect(await recoverMessageAddress({ message: 'mine', signature })).toBe(ANVIL_0);
  });
});
