import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decrypt, X25519Identity } from '../../../src-main/vault/age/index.js';
import { VaultError } from '../../../src-main/vault/errors.js';
import { keyslotChecksum } from '../../../src-main/vault/keyslots.js';
import { tempDir } from '../../support/tmp.js';
import { openTestVault } from '../../support/vault.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('vault lifecycle', () => {
  it('creates, locks, refuses a wrong passphrase without touching a byte, and unlocks', async () => {
    const dir = tempDir();
    const t = openTestVault(dir);
    expect(t.vault.state().state).toBe('uninitialised');
    await expect(t.vault.create('short')).rejects.toMatchObject({ code: 'WEAK_PASSPHRASE' });
    const created = await t.vault.create('a long enough passphrase');
    expect(created).toMatchObject({ state: 'unlocked', items: 0 });
    expect(created.recipient).toMatch(/^age1/);
    await t.vault.items.addNote('note', 'hello vault', ['t1'], null);
    t.vault.lock();
    expect(t.vault.state().state).toBe('locked');
    expect(() => t.vault.items).toThrow(VaultError);

    const snapshot = () =>
      Object.fromEntries(
        readdirSync(join(dir, 'vault'), { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile())
          .map((e) => [join(e.parentPath, e.name), sha(readFileSync(join(e.parentPath, e.name)))]),
      );
    const before = snapshot();
    await expect(t.vault.unlock('the wrong passphrase')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    expect(snapshot()).toEqual(before);
    t.close();
  });

  it('makes repeated failures wait longer, and resets after success', async () => {
    let clock = 1_000_000;
    const t = openTestVault(tempDir(), () => clock);
    await t.vault.create('correct passphrase');
    t.vault.lock();
    // One typo costs nothing extra.
    await expect(t.vault.unlock('wrong 1 passphrase')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    expect(t.vault.state().retryAfter).toBe(0);
    await expect(t.vault.unlock('wrong 2 passphrase')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    expect(t.vault.state().retryAfter).toBe(1);
    // Too early: refused without even trying the passphrase.
    await expect(t.vault.unlock('correct passphrase')).rejects.toMatchObject({ code: 'TRY_LATER' });
    clock += 1000;
    await expect(t.vault.unlock('wrong 3 passphrase')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    expect(t.vault.state().retryAfter).toBe(2);
    clock += 2000;
    expect((await t.vault.unlock('correct passphrase')).state).toBe('unlocked');
    expect(t.vault.state().retryAfter).toBe(0);
    t.close();
  });

  it('changes the passphrase by rewrapping: old one fails, new one opens, items intact', async () => {
    const dir = tempDir();
    const t = openTestVault(dir);
    await t.vault.create('old passphrase 1');
    const note = await t.vault.items.addNote('n', 'content survives', [], null);
    const blobsBefore = readdirSync(join(dir, 'vault', 'blobs')).map((f) => [
      f,
      sha(readFileSync(join(dir, 'vault', 'blobs', f))),
    ]);
    await expect(t.vault.changePassphrase('not the old one', 'new passphrase 2')).rejects.toMatchObject({
      code: 'WRONG_PASSPHRASE',
    });
    await t.vault.changePassphrase('old passphrase 1', 'new passphrase 2');
    // Data is not re-encrypted: blobs are byte-identical.
    expect(
      readdirSync(join(dir, 'vault', 'blobs')).map((f) => [
        f,
        sha(readFileSync(join(dir, 'vault', 'blobs', f))),
      ]),
    ).toEqual(blobsBefore);
    t.vault.lock();
    await expect(t.vault.unlock('old passphrase 1')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    t.close();
    const again = openTestVault(dir);
    await again.vault.unlock('new passphrase 2');
    expect((await again.vault.items.preview(note.id, 1000)).kind).toBe('text');
    again.close();
  });

  it('exports the identity that decrypts every blob with standard age', async () => {
    const dir = tempDir();
    const t = openTestVault(dir);
    await t.vault.create('identity passphrase');
    await t.vault.items.addNote('n', 'readable with age -d -i', [], null);
    await expect(t.vault.exportIdentity('wrong passphrase!')).rejects.toMatchObject({
      code: 'WRONG_PASSPHRASE',
    });
    const identity = await t.vault.exportIdentity('identity passphrase');
    expect(identity).toMatch(/^AGE-SECRET-KEY-1/);
    expect(X25519Identity.parse(identity).recipient().toString()).toBe(t.vault.state().recipient);
    const [blob] = readdirSync(join(dir, 'vault', 'blobs'));
    const plain = await decrypt([identity], readFileSync(join(dir, 'vault', 'blobs', blob!)));
    expect(plain.toString()).toBe('readable with age -d -i');
    t.close();
  });

  it('refuses keyslots whose Argon2id parameters were lowered, raised or whose recipient was swapped', async () => {
    const dir = tempDir();
    const t = openTestVault(dir);
    await t.vault.create('tamper passphrase');
    t.close();
    const file = join(dir, 'vault', 'keyslots.json');
    const original = readFileSync(file, 'utf8');
    // An edit made on purpose comes with a matching checksum: the checks behind it must hold alone.
    const edit = (f: (h: { recipient: string; slots: { kdf: { ops: number; mem: number } }[] }) => void) => {
      const h = JSON.parse(original);
      f(h);
      h.check = keyslotChecksum(h);
      writeFileSync(file, JSON.stringify(h));
    };
    const cases: [
      string,
      (h: { recipient: string; slots: { kdf: { ops: number; mem: number } }[] }) => void,
      string,
    ][] = [
      ['mem below the floor', (h) => (h.slots[0]!.kdf.mem = 1024), 'KDF_OUT_OF_BOUNDS'],
      ['ops above the cap', (h) => (h.slots[0]!.kdf.ops = 1000), 'KDF_OUT_OF_BOUNDS'],
      ['ops changed within bounds', (h) => (h.slots[0]!.kdf.ops = 2), 'WRONG_PASSPHRASE'],
      [
        'another recipient',
        (h) => (h.recipient = X25519Identity.generate().recipient().toString()),
        'WRONG_PASSPHRASE',
      ],
    ];
    for (const [label, f, code] of cases) {
      edit(f);
      const v = openTestVault(dir);
      await expect(v.vault.unlock('tamper passphrase'), label).rejects.toMatchObject({ code });
      v.close();
    }
    writeFileSync(file, '{"format":"sahel-vault"');
    const broken = openTestVault(dir);
    await expect(broken.vault.unlock('tamper passphrase')).rejects.toMatchObject({ code: 'HEADER_INVALID' });
    broken.close();
    // Damage (one character of the wrapped key changed, no new checksum) is named, and costs no backoff.
    const h = JSON.parse(original);
    const w: string = h.slots[0].wrapped;
    h.slots[0].wrapped = `${w[0] === 'A' ? 'B' : 'A'}${w.slice(1)}`;
    writeFileSync(file, JSON.stringify(h));
    const damaged = openTestVault(dir);
    for (let i = 0; i < 3; i++) {
      await expect(damaged.vault.unlock('tamper passphrase')).rejects.toMatchObject({
        code: 'HEADER_INVALID',
        message: expect.stringContaining("The vault's key file (vault/keyslots.json) is damaged"),
      });
    }
    expect(damaged.vault.state()).toMatchObject({
      retryAfter: 0,
      problem: expect.stringContaining('damaged'),
    });
    damaged.close();
    writeFileSync(file, original);
    const ok = openTestVault(dir);
    expect((await ok.vault.unlock('tamper passphrase')).state).toBe('unlocked');
    ok.close();
  });
});

describe('a missing key file', () => {
  it('is named in one sentence by status, unlock and init alike', async () => {
    const dir = tempDir();
    const t = openTestVault(dir);
    await t.vault.create('missing key passphrase');
    await t.vault.items.addNote('n', 'kept', [], null);
    t.close();
    rmSync(join(dir, 'vault', 'keyslots.json'));
    const v = openTestVault(dir);
    const sentence = "The vault's key file (vault/keyslots.json) is missing: restore it from a backup";
    expect(v.vault.state()).toMatchObject({
      state: 'locked',
      items: 1,
      problem: expect.stringContaining(sentence),
    });
    for (const attempt of [
      () => v.vault.unlock('missing key passphrase'),
      () => v.vault.create('another passphrase'),
    ])
      await expect(attempt()).rejects.toMatchObject({
        code: 'HEADER_INVALID',
        message: expect.stringContaining(sentence),
      });
    v.close();
  });
});

describe('vault items', () => {
  it('imports files and folders through the worker, exports them back identical, and deletes', async () => {
    const dir = tempDir();
    const src = tempDir();
    const t = openTestVault(dir);
    await t.vault.create('items passphrase');
    const big = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
    big.write('needle in a haystack', 1000);
    writeFileSync(join(src, 'big.bin'), big);
    writeFileSync(join(src, 'readme.md'), '# Project\nthe quokka report');
    const progress: number[] = [];
    const v = t.vault;
    const items = await v.items.importPaths([join(src, 'big.bin'), src], ['imported'], null, 'job1');
    expect(items.map((i) => i.name)).toEqual([
      'big.bin',
      expect.stringMatching(/^sahel-test-/),
      'big.bin',
      'readme.md',
    ]);
    expect(items[0]).toMatchObject({ kind: 'file', size: big.length, sha256: sha(big), tags: ['imported'] });
    void progress;
    const folder = items[1]!;
    expect(v.items.list(folder.id).map((i) => i.name)).toEqual(['big.bin', 'readme.md']);

    const out = join(tempDir(), 'out.bin');
    const res = await v.items.exportFile(items[0]!.id, out, false);
    expect(res.sha256).toBe(sha(big));
    expect(readFileSync(out).equals(big)).toBe(true);
    await expect(v.items.exportFile(items[0]!.id, out, false)).rejects.toMatchObject({ code: 'BAD_REQUEST' });

    expect((await v.items.search('quokka', 10)).map((h) => h.name)).toEqual(['readme.md']);
    expect(await v.items.search('imported', 10)).toHaveLength(4);

    expect(v.items.remove(folder.id)).toBe(3);
    expect(v.items.list(null).map((i) => i.name)).toEqual(['big.bin']);
    expect(readdirSync(join(dir, 'vault', 'blobs'))).toHaveLength(1);
    expect(await v.items.search('quokka', 10)).toEqual([]);
    t.close();
  });

  it('keeps secrets out of search snippets and previews, reveals them on request', async () => {
    const t = openTestVault(tempDir());
    await t.vault.create('secret passphrase');
    const s = await t.vault.items.addSecret('API key', 'sk-live-123456', ['work']);
    expect(s.kind).toBe('secret');
    expect(JSON.stringify(t.vault.items.list(null))).not.toContain('sk-live');
    expect(await t.vault.items.preview(s.id, 100)).toMatchObject({ kind: 'none' });
    expect(await t.vault.items.revealSecret(s.id)).toBe('sk-live-123456');
    expect(await t.vault.items.search('sk', 10)).toEqual([]);
    t.close();
  });

  it('decrypts a model part to a private 0600 file only until disposed', async () => {
    const src = tempDir();
    const t = openTestVault(tempDir());
    await t.vault.create('model passphrase');
    writeFileSync(join(src, 'adapter.gguf'), Buffer.from('GGUF fake adapter'));
    const [item] = await t.vault.items.importPaths([join(src, 'adapter.gguf')], [], null, 'j');
    const part = t.vault.items.update(item!.id, { modelPart: { role: 'lora-adapter', model: null } });
    expect(part.kind).toBe('model-part');
    const m = await t.vault.items.materialize(part.id);
    expect(statSync(m.path).mode & 0o777).toBe(0o600);
    expect(readFileSync(m.path, 'utf8')).toBe('GGUF fake adapter');
    m.dispose();
    expect(() => statSync(m.path)).toThrow();
    // A crash between decrypt and dispose leaves plaintext behind: the next unlock removes it.
    const left = await t.vault.items.materialize(part.id);
    t.vault.lock();
    expect(readFileSync(left.path, 'utf8')).toBe('GGUF fake adapter');
    await t.vault.unlock('model passphrase');
    expect(() => statSync(left.path)).toThrow();
    t.close();
  });
});
