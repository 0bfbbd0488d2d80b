import type { ReadToolName } from '../../../src-shared/domain/agent.js';
import { formatUnits } from '../../../src-shared/domain/amount.js';
import type { MarketListing } from '../../../src-shared/domain/market.js';
import { SahelError } from '../../../src-shared/errors.js';
import { untrustedLine, untrustedText } from '../../../src-shared/untrusted-text.js';
import type { ToolArgs } from './definitions.js';
import type { ActPorts, TasksPort } from './ports.js';

// The read tools: each gives the model data as text. Names, titles, symbols and document text come
// from outside (the user's files, sellers, token contracts): they are made printable here, and the
// loop fences the whole result as untrusted data.

export type ReadTools = { [N in ReadToolName]: (args: ToolArgs<N>) => Promise<string> };

const SEARCH_LIMIT = 10;
/** Bytes of an item read for the model (the loop caps the text it is given again). */
const READ_BYTES = 16_000;

export function readTools(p: ActPorts): ReadTools {
  return {
    vault_search: async ({ query }) => {
      const hits = await p.vault.search(query, SEARCH_LIMIT);
      if (hits.length === 0) return `No vault item matches "${untrustedLine(query, 200)}".`;
      return hits
        .map(
          (h) =>
            `- id ${h.id}: ${untrustedLine(h.name, 120)} (${h.kind})\n  ${untrustedLine(h.snippet, 300)}`,
        )
        .join('\n');
    },
    vault_read: async ({ itemId }) => {
      const { item, preview } = await p.vault.read(itemId, READ_BYTES);
      const head = `${untrustedLine(item.name, 120)} (${item.kind}, ${item.size} bytes)`;
      if (preview.kind === 'text')
        return `${head}${preview.truncated ? ', its start' : ''}:\n${untrustedText(preview.text, READ_BYTES)}`;
      if (preview.kind === 'image') return `${head}: an image, which cannot be read as text.`;
      return `${head}: ${preview.reason}.`;
    },
    market_search: async ({ text, kind, maxPrice }) => {
      const page = await p.market.search({ text, kind, maxPrice, sort: 'newest', limit: SEARCH_LIMIT });
      if (page.listings.length === 0) return 'No listing matches.';
      const rows = page.listings.map(listingLine);
      return `${page.total} listing(s)${page.total > rows.length ? `, the first ${rows.length}` : ''}:\n${rows.join('\n')}`;
    },
    market_show: async ({ assetId }) => {
      const a = await p.market.show(assetId);
      const lines = [
        `Asset #${a.assetId}: ${untrustedLine(a.title, 200)} (${a.kind}), owned by ${a.owner}`,
        `Description: ${untrustedText(a.description, 2000)}`,
        `Licence: ${untrustedText(a.licenseText, 1000) || 'none given'}`,
        `Licences sold: ${a.licenses.sold}`,
        ...(a.offers.length > 0 ? ['Offers:', ...a.offers.map(listingLine)] : ['No offers.']),
      ];
      return lines.join('\n');
    },
    wallet_balance: async () => {
      const { accounts, stale } = await p.wallet.balances();
      if (accounts.length === 0) return 'The wallet has no accounts.';
      const note = stale ? 'The network did not answer: these are the last balances read.\n' : '';
      return (
        note +
        accounts
          .map((a) =>
            [
              `${a.address}: ${formatUnits(a.native, 18)} (native coin)`,
              ...a.tokens.map(
                (t) => `  ${formatUnits(t.balance, t.decimals)} ${untrustedLine(t.symbol, 16)} (${t.token})`,
              ),
            ].join('\n'),
          )
          .join('\n')
      );
    },
    tasks_list: async () => {
      const list = tasksOf(p).list();
      if (list.length === 0) return 'There are no scheduled tasks.';
      return list
        .map(
          (t) =>
            `- ${t.id}: ${untrustedLine(t.name, 200)} (${t.kind}, ${t.state}, next ${t.nextDue === null ? 'none' : new Date(t.nextDue).toISOString()})`,
        )
        .join('\n');
    },
    memory_recall: async ({ query }) => {
      const words = query.toLowerCase().split(/\s+/).filter(Boolean);
      const found = p.memories
        .list()
        .filter((m) => words.some((w) => m.text.toLowerCase().includes(w)))
        .slice(0, 20);
      if (found.length === 0) return 'No remembered fact matches.';
      return found.map((m) => `- ${untrustedLine(m.text, 1000)}`).join('\n');
    },
  };
}

function listingLine(l: MarketListing): string {
  const price = `${formatUnits(l.terms.price, l.terms.decimals)} ${untrustedLine(l.terms.symbol, 16)}`;
  return `- offer #${l.offerId} (asset #${l.assetId}, ${l.kind}${l.live ? '' : ', not live'}): ${untrustedLine(l.title, 200)} — ${price}, seller ${l.seller}`;
}

/** The tasks port, or the sentence that says there is none here. */
export function tasksOf(p: { tasks?: TasksPort | undefined }): TasksPort {
  if (!p.tasks) throw new SahelError('NOT_IMPLEMENTED', 'Scheduled tasks are not available here.');
  return p.tasks;
}
