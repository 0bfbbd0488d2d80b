// Chat over a vault holding a bought dataset whose licence has ended: the reply is not grounded on
// it, the dataset's chunks do not crowd out the user's own, and the reply says which bought items
// were not searched and when their licence ended (stored with the reply, like its sources). Real
// SQLite (the licence row as the receiver leaves it), the real vault and retriever, scripted replies.
import { describe, expect, it } from 'vitest';
import { createChat } from '../../../src-main/llm/chat/create-chat.js';
import { ScriptedProvider } from '../../../src-main/llm/providers/scripted-provider.js';
import { VaultRetriever } from '../../../src-main/llm/retrieval/retriever.js';
import { BoughtLicences } from '../../../src-main/market/use/bought-licences.js';
import { MarketTradesRepo } from '../../../src-main/store/market-trades-repo.js';
import { unsearchedNotice } from '../../../src-shared/domain/chat.js';
import { noEngine } from '../../support/chat.js';
import { silentLogger } from '../../support/logger.js';
import { licenceRow } from '../../support/market-rows.js';
import { tempDir } from '../../support/tmp.js';
import { openTestVault } from '../../support/vault.js';

const ENDS = '2026-12-08T12:00:00.000Z';
/** Many chunks that all match the question better than the user's own note does. */
const BOUGHT = Array.from(
  { length: 60 },
  (_, i) => `Millet harvest record ${i}: millet millet millet yields in the Dosso plots, season ${i}.`,
).join('\n\n');

async function setup() {
  const t = openTestVault(tempDir());
  await t.vault.create('a long enough test passphrase');
  let now = Date.parse(ENDS) - 60_000;
  const trades = new MarketTradesRepo(t.db);
  const licences = new BoughtLicences(trades, () => now);
  const bought = await t.vault.items.addNote('dosso-millet.txt', BOUGHT, ['licensed', 'dataset'], null);
  const own = await t.vault.items.addNote(
    'my field notes',
    'The millet in my own field came up late.',
    [],
    null,
  );
  trades.insertLicense(
    licenceRow({ licenseId: '7', state: 'received', itemId: bought.id, expiresAt: ENDS, buyTx: '0x1' }),
  );
  const retriever = new VaultRetriever({
    vault: t.vault,
    log: silentLogger(),
    licences,
    chunking: { size: 120, overlap: 0 },
  });
  retriever.vaultUnlocked();
  const provider = new ScriptedProvider({ delayMs: 0, json: [], turns: [{ reply: 'From [1].' }] });
  const chat = createChat({
    db: t.db,
    vault: t.vault,
    llm: noEngine,
    retriever,
    provider,
    settings: () => ({ chatMemoryConsent: false, chatWrapper: 'auto' }),
    log: silentLogger(),
    events: { started() {}, token() {}, done() {}, changed() {}, memories() {} },
  });
  await chat.service.onUnlocked();
  return {
    t,
    chat,
    provider,
    retriever,
    bought,
    own,
    expire: () => {
      now = Date.parse(ENDS) + 1_000;
    },
  };
}

describe('chat and a bought dataset whose licence has ended', () => {
  it('while the licence runs, the dataset grounds the reply and nothing is reported', async () => {
    const s = await setup();
    const got = await s.retriever.search('millet yields', 4);
    expect(got.unsearched).toEqual([]);
    expect(got.passages[0]?.itemId).toBe(s.bought.id);
    s.t.close();
  });

  it('once it has ended: not searched, not crowding out the user’s own note, and the reply says so', async () => {
    const s = await setup();
    s.expire();
    const got = await s.retriever.search('millet yields', 4);
    // The ended dataset's 60 matching chunks would fill the candidate pool; the user's note still answers.
    expect(got.passages.map((p) => p.itemId)).toEqual([s.own.id]);
    expect(got.unsearched).toEqual([{ itemId: s.bought.id, itemName: 'dosso-millet.txt', expiresAt: ENDS }]);
    // A question the dataset does not match reports nothing.
    expect((await s.retriever.search('late field', 4)).unsearched).toEqual([]);

    const turn = await s.chat.service.send({ conversationId: null, text: 'How were the millet yields?' });
    const system = s.provider.calls[0]?.[0]?.content ?? '';
    expect(system).toContain('my own field came up late');
    expect(system).not.toContain('Dosso');
    expect(turn.reply.unsearched).toEqual([
      { itemId: s.bought.id, itemName: 'dosso-millet.txt', expiresAt: ENDS },
    ]);
    expect(unsearchedNotice(turn.reply.unsearched!)).toBe(
      '1 dataset you bought was not searched: its licence expired on 2026-12-08',
    );
    // Kept with the reply (sealed history), as its sources are.
    const stored = s.chat.service.get(turn.conversation.id).messages.find((m) => m.id === turn.reply.id);
    expect(stored?.unsearched).toEqual(turn.reply.unsearched);
    s.t.close();
  });
});
