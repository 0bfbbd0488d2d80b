// The read tools on real services: balances on anvil, the market's listings from the event cache, and
// the vault (a secret's value never reaches the model).
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { vaultPort, walletPort } from '../../../../src-main/agent/index.js';
import { CacheSync } from '../../../../src-main/chain/cache/sync.js';
import { Market } from '../../../../src-main/market/market.js';
import { MetadataResolver } from '../../../../src-main/market/metadata/resolver.js';
import { BalancesRepo } from '../../../../src-main/store/balances-repo.js';
import { ChainCacheRepo } from '../../../../src-main/store/chain-cache-repo.js';
import { openDatabase } from '../../../../src-main/store/database.js';
import { toolboxWith, unreachable } from '../../../support/agent.js';
import { tempDir } from '../../../support/tmp.js';
import { devSigners, networkOf } from '../../chain/tx-fixture.js';
import { type Chain, E18, PaymentToken, send, useChain } from '../../contracts/harness.js';
import { seller } from '../../market/publish-fixture.js';
import { publishOffer } from '../../market/trade-fixture.js';

let c: Chain;
const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

function market(): Market {
  const db = openDatabase(join(tempDir(), 'sahel.db'));
  closers.push(() => db.close());
  const repo = new ChainCacheRepo(db);
  const network = networkOf(c);
  return new Market({
    repo,
    cache: new CacheSync({ repo, network: async () => network }),
    network: async () => network,
    metadata: new MetadataResolver({ ipfsGateway: () => '' }),
  });
}

describe('the read tools', () => {
  useChain((chain) => {
    c = chain;
  });

  it('market_search and market_show give the listing, its ids and price as the chain has them', async () => {
    const s = await seller(c, tempDir());
    closers.push(() => s.close());
    const offerId = await publishOffer(s, randomBytes(1000));
    const tools = toolboxWith({
      vault: vaultPort(s.vault),
      market: market(),
    });
    const found = await tools.run('market_search', { text: 'weather' });
    expect(found).toContain(`offer #${offerId}`);
    expect(found).toContain('Weather');
    expect(found).toMatch(/— 25 \S+, seller 0x/);
    expect(await tools.run('market_search', { text: 'weather', maxPrice: '24' })).toBe('No listing matches.');
    const assetId = found.match(/asset #(\d+)/)![1]!;
    const page = await tools.run('market_show', { assetId });
    expect(page.split('\n')[0]).toBe(`Asset #${assetId}: Weather (dataset), owned by ${c.addr(1)}`);
    expect(page).toContain(`offer #${offerId}`);
  });

  it('wallet_balance lists each account with the native coin and the payment token, in whole units', async () => {
    const dir = tempDir();
    const db = openDatabase(join(dir, 'sahel.db'));
    closers.push(() => db.close());
    await send(c, 0, c.token, PaymentToken.abi, 'mint', [c.addr(4), 12n * E18 + 5n * 10n ** 17n]);
    const tools = toolboxWith({
      wallet: walletPort({
        pipeline: unreachable('pipeline'),
        network: async () => networkOf(c),
        signers: devSigners(c, [4]),
        balances: { configured: () => ({ name: 'test', chainId: c.chainId }), repo: new BalancesRepo(db) },
      }),
    });
    const text = await tools.run('wallet_balance', {});
    const lines = text.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^${c.addr(4)}: [0-9,.]+ \\(native coin\\)$`));
    expect(lines[1]).toMatch(new RegExp(`^  12\\.5 \\S+ \\(${c.token}\\)$`));
  });

  it("vault_read gives a note's text, and of a secret only that it is not shown", async () => {
    const s = await seller(c, tempDir());
    closers.push(() => s.close());
    const note = await s.vault.items.addNote('Plan', 'Go north at dawn.', [], null);
    const secret = await s.vault.items.addSecret('Bank PIN', '4921-secret-value', []);
    const tools = toolboxWith({
      vault: vaultPort(s.vault),
    });
    expect(await tools.run('vault_read', { itemId: note.id })).toContain('Go north at dawn.');
    const shown = await tools.run('vault_read', { itemId: secret.id });
    expect(shown).not.toContain('4921');
    expect(shown).toContain('Secrets are shown only with Reveal');
    await expect(tools.run('vault_read', { itemId: 'missing' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    s.lock();
    await expect(tools.run('vault_search', { query: 'plan' })).rejects.toMatchObject({ code: 'LOCKED' });
  });

  it('tasks_list without the tasks port says so (a typed error, no made-up task)', async () => {
    const tools = toolboxWith({});
    await expect(tools.run('tasks_list', {})).rejects.toMatchObject({
      code: 'NOT_IMPLEMENTED',
      message: 'Scheduled tasks are not available here.',
    });
    await expect(
      tools.propose(
        'tasks_schedule',
        { task: 'x', when: 'tomorrow' },
        { conversationId: null, taskId: null, claim: '' },
      ),
    ).rejects.toMatchObject({ code: 'NOT_IMPLEMENTED' });
  });
});
