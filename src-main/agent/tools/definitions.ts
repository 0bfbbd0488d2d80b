import { z } from 'zod';
import { isActTool, type ToolInfo, type ToolName } from '../../../src-shared/domain/agent.js';
import { MAX_DECIMALS, parseAmount } from '../../../src-shared/domain/amount.js';
import { AssetKind } from '../../../src-shared/domain/asset-metadata.js';

// Each tool's arguments, strict, and what the model is told of it. The JSON schema the model gets is
// made from these (z.toJSONSchema), so checks the grammar cannot enforce (a regex, a positive number)
// are refinements: they are not in the schema the grammar is built from, and zod still holds the
// model's arguments to them.

const amount = (what: string) =>
  z
    .string()
    .max(100)
    .refine((t) => parseAmount(t, MAX_DECIMALS).ok, `${what}: a decimal amount like 25 or 0.5`);
const chainId = (what: string) =>
  z
    .string()
    .max(78)
    .refine((t) => /^[1-9][0-9]{0,77}$/.test(t), `${what}: a positive whole number like "12"`);
const address = z
  .string()
  .max(42)
  .refine((t) => /^0x[0-9a-fA-F]{40}$/.test(t), 'an address: 0x and 40 hexadecimal digits');

export const TOOL_ARGS = {
  vault_search: z.strictObject({ query: z.string().trim().min(1).max(200) }),
  vault_read: z.strictObject({ itemId: z.string().min(1).max(64) }),
  market_search: z.strictObject({
    text: z.string().max(200).optional(),
    kind: AssetKind.optional(),
    maxPrice: amount('maxPrice').optional(),
  }),
  market_show: z.strictObject({ assetId: chainId('assetId') }),
  wallet_balance: z.strictObject({}),
  tasks_list: z.strictObject({}),
  memory_recall: z.strictObject({ query: z.string().trim().min(1).max(200) }),
  market_buy: z.strictObject({ offerId: chainId('offerId'), maxPrice: amount('maxPrice') }),
  market_publish: z.strictObject({
    itemId: z.string().min(1).max(64),
    price: amount('price'),
    title: z.string().trim().min(1).max(200),
    kind: AssetKind,
  }),
  wallet_send: z.strictObject({
    to: address,
    amount: amount('amount'),
    token: z.string().min(1).max(64).optional(),
  }),
  tasks_schedule: z.strictObject({
    task: z.string().trim().min(1).max(1000),
    when: z.string().trim().min(1).max(200),
  }),
  memory_remember: z.strictObject({ text: z.string().trim().min(3).max(1000) }),
} satisfies Record<ToolName, z.ZodType>;

export type ToolArgs<N extends ToolName> = z.infer<(typeof TOOL_ARGS)[N]>;

const DESCRIPTIONS: Record<ToolName, string> = {
  vault_search:
    "Searches the user's private vault (their files and notes) for words; gives matching items' ids, names and short excerpts.",
  vault_read:
    "Reads the start of one vault item's text by its id (from vault_search). Secrets are never shown.",
  market_search:
    'Searches the marketplace listings: optional text, asset kind and maximum price in whole token units. Gives offer ids, asset ids, titles and prices.',
  market_show:
    "Shows one marketplace asset's page by its asset id: description, licence, offers with their prices and how a purchase is split.",
  wallet_balance: "Shows the wallet's accounts and what each holds: the native coin and known tokens.",
  tasks_list: 'Lists the scheduled tasks the agent runs for the user.',
  memory_recall: 'Finds the facts the user asked you to remember that contain these words.',
  market_buy:
    'Buys a licence of one marketplace offer, paying at most maxPrice (whole units of the offer token). The user or their policy must approve it before anything is paid.',
  market_publish:
    "Offers one of the user's vault items for sale on the marketplace at a price (whole units of the payment token), with a title and an asset kind. Publishing always waits for the user's confirmation.",
  wallet_send:
    'Sends an amount (whole units, like "1.5") of a token (its symbol or address; leave it out for the native coin) from the wallet to an address. The user or their policy must approve it first.',
  tasks_schedule:
    "Proposes a task for you to run later: what to do, and when ('every 15m', a cron expression like '0 8 * * *', or an ISO time like 2026-12-24T08:00). It is added paused, without tools or budget; the user reviews it and starts it.",
  memory_remember: 'Keeps a short lasting fact about the user for later conversations.',
};

/** Own keys only: `in` would take a model's "constructor" or "toString" for a tool (and then crash). */
export function isToolName(name: string): name is ToolName {
  return Object.hasOwn(TOOL_ARGS, name);
}

/** Every tool as `sahel agent tools --json` lists it and the model is given it. */
export function toolInfos(): ToolInfo[] {
  return (Object.keys(TOOL_ARGS) as ToolName[]).map((name) => {
    const { $schema: _, ...parameters } = z.toJSONSchema(TOOL_ARGS[name]) as Record<string, unknown>;
    return {
      name,
      kind: isActTool(name) ? 'act' : 'read',
      description: DESCRIPTIONS[name],
      parameters,
    };
  });
}
