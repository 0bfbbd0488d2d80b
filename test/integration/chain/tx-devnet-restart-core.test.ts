// The reconciling as core.ts wires it: the devnet comes back from an older state after a SIGKILL and
// the history catches up by itself (no call to reconcile here), through the router like any client.
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { devnetFiles } from '../../../src-main/chain/devnet/devnet.js';
import { createCore } from '../../../src-main/core.js';
import type { ActiveNetworkStatus } from '../../../src-shared/domain/network.js';
import type { TxRecord, TxReview } from '../../../src-shared/domain/tx.js';
import { silentLogger } from '../../support/logger.js';
import { tempDir } from '../../support/tmp.js';
import { FAST_KDF } from '../../support/vault.js';
import { cast, until } from './devnet-helpers.js';

describe('the core after its devnet lost blocks', () => {
  it('re-broadcasts a confirmed send the restarted devnet forgot, and history and chain agree again', async () => {
    const dataDir = tempDir();
    const core = createCore({ dataDir, ownerKind: 'serve', log: silentLogger(), kdfPolicy: FAST_KDF });
    const call = async (method: string, input: unknown = {}) => {
      const res = await core.router.dispatch(method, input, { transport: 'local' });
      if (!res.ok) throw Object.assign(new Error(res.error.message), { code: res.error.code });
      return res.value;
    };
    const files = devnetFiles(join(dataDir, 'devnet'));
    const savedBlock = () =>
      Number((JSON.parse(readFileSync(files.state, 'utf8')) as { block: { number: string } }).block.number);
    try {
      await call('vault.create', { passphrase: 'devnet restart passphrase' });
      await call('wallet.import', { kind: 'privateKey', privateKey: generatePrivateKey(), name: 'Me' });
      const [me] = core.wallet.addresses();
      const active = (await call('network.active')) as ActiveNetworkStatus;
      const rpc = active.rpcUrl!;
      const blockNow = () => Number(cast('block-number', '--rpc-url', rpc));
      await until(() => savedBlock() === blockNow());
      const before = join(dataDir, 'state-before-send.json');
      copyFileSync(files.state, before);

      const to = privateKeyToAccount(generatePrivateKey()).address;
      const review = (await call('tx.prepareSend', { from: me, to, amount: '0.25' })) as TxReview;
      const { hash } = (await call('tx.confirmSend', { reviewId: review.reviewId })) as { hash: string };
      const history = async () => ((await call('tx.history', { limit: 10 })) as { txs: TxRecord[] }).txs;
      await until(async () => (await history())[0]?.status === 'confirmed');
      await until(() => savedBlock() === blockNow());

      // Killed, and its saved state put back to before the send (as a crash between two saves
      // leaves it), synchronously: the restart, at least 400 ms later, loads the older state.
      const pid = core.networks.devnetStatus().pid!;
      process.kill(pid, 'SIGKILL');
      copyFileSync(before, files.state);
      await until(() => {
        const s = core.networks.devnetStatus();
        return s.state === 'running' && s.pid !== pid;
      }, 60_000);

      // Nobody asks: the devnet's return reconciles, and the send is on the chain again.
      await until(() => BigInt(cast('balance', '--rpc-url', rpc, to)) === 25n * 10n ** 16n, 30_000);
      expect(cast('tx', hash, 'to', '--rpc-url', rpc)).toBe(to);
      await until(async () => (await history())[0]?.status === 'confirmed');
      expect((await history()).map((t) => [t.hash, t.status])).toEqual([[hash, 'confirmed']]);
    } finally {
      core.close();
    }
  }, 180_000);
});
