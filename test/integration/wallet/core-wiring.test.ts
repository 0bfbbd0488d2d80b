// The wallet as core.ts wires it: through the router (the API every transport uses), with the
// vault's lock event dropping the keys the wallet derived.
import { describe, expect, it } from 'vitest';
import { createCore } from '../../../src-main/core.js';
import type { WalletStatus } from '../../../src-shared/domain/wallet.js';
import { silentLogger } from '../../support/logger.js';
import { tempDir } from '../../support/tmp.js';
import { FAST_KDF } from '../../support/vault.js';

const ANVIL = 'test test test test test test test test test test test junk';
const ANVIL_0 = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';

describe('the wallet in the core', () => {
  it('serves the wallet procedures and drops derived keys when the vault locks', async () => {
    const core = createCore({
      dataDir: tempDir(),
      ownerKind: 'cli',
      log: silentLogger(),
      kdfPolicy: FAST_KDF,
    });
    const call = async (method: string, input: unknown = {}) => {
      const res = await core.router.dispatch(method, input, { transport: 'local' });
      if (!res.ok) throw Object.assign(new Error(res.error.message), { code: res.error.code });
      return res.value;
    };
    const events: WalletStatus[] = [];
    core.bus.on('wallet.changed', (s) => events.push(s));
    try {
      await call('vault.create', { passphrase: 'core wiring 39 velvet moths' });
      const account = await call('wallet.import', { kind: 'mnemonic', mnemonic: ANVIL, name: 'Dev' });
      expect(account).toMatchObject({ address: ANVIL_0, name: 'Dev' });
      // Unknown fields and a private key in the wrong place are refused by the contract's schema.
      await expect(
        call('wallet.import', { kind: 'privateKey', privateKey: '0x12', extra: 1 }),
      ).rejects.toMatchObject({
        code: 'BAD_INPUT',
      });

      await core.wallet.signer(ANVIL_0).signMessage({ message: 'hi' });
      expect(core.wallet.keysInMemory).toBe(1);
      await call('vault.lock');
      expect(core.wallet.keysInMemory).toBe(0);
      expect(events.at(-1)).toMatchObject({ locked: true, accounts: 1, backup: 'confirmed' });
      await expect(call('wallet.addAccount', { name: 'x' })).rejects.toMatchObject({ code: 'LOCKED' });
      expect(await call('wallet.accounts')).toEqual({
        accounts: [expect.objectContaining({ address: ANVIL_0, name: null })],
      });
    } finally {
      core.close();
    }
  }, 60_000);
});
