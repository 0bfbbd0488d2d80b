import type { Command } from 'commander';
import { formatUnits } from '../../../../src-shared/domain/amount.js';
import type { BoughtLicense, BuyPlan, Sale } from '../../../../src-shared/domain/market-buy.js';
import type { CliContext } from '../context.js';
import { CliError, printable, UsageError } from '../output.js';
import { confirm, type VaultPassFlags, withConnection, withUnlockedVault } from './vault-session.js';

interface BuyFlags extends VaultPassFlags {
  maxPrice?: string;
  from?: string;
  yes?: boolean;
  /** Seconds to wait for the delivery and the import (commander: false with --no-wait). */
  wait: string | false;
}

/** How long `market buy` follows its purchase by default: a devnet's demo seller takes about a second. */
const DEFAULT_WAIT_S = 120;

const ID = /^[1-9][0-9]{0,77}$/;

function checkId(text: string, what: string): string {
  if (!ID.test(text)) throw new UsageError(`${what} is a positive whole number, e.g. 3`);
  return text;
}

/** `sahel market buy | licenses | sales | refund`, under `sahel market`. */
export function registerMarketBuyCommands(market: Command, ctx: () => CliContext): void {
  market
    .command('buy')
    .description('buy a licence: shows the price, the split, the approval and the fees, then asks')
    .argument('<offer>', 'the offer id')
    .option('--max-price <p>', 'refuse if the offer costs more (whole units of its token)')
    .option('--from <address>', 'which account buys (default: the first)')
    .option('--yes', 'buy without asking (needed where there is no terminal)')
    .option(
      '--wait <seconds>',
      'wait this long for the delivery and the import into the vault',
      String(DEFAULT_WAIT_S),
    )
    .option('--no-wait', 'return once bought; a running Sahel receives the asset when it is delivered')
    .option('--passphrase-file <file>', 'file holding the vault passphrase, if the vault must be unlocked')
    .action((offer: string, flags: BuyFlags) => marketBuyCommand(ctx(), checkId(offer, 'The offer'), flags));
  market
    .command('licenses')
    .description('the licences this Sahel bought, and where each delivery stands')
    .action(() =>
      withConnection(ctx(), async ({ client }) => {
        const { licenses } = await client.market.licenses({});
        ctx().out.result(licensesText(licenses), { licenses });
      }),
    );
  market
    .command('sales')
    .description('the licences this Sahel sold, and where each delivery stands')
    .action(() =>
      withConnection(ctx(), async ({ client }) => {
        const { sales } = await client.market.sales({});
        ctx().out.result(salesText(sales), { sales });
      }),
    );
  market
    .command('refund')
    .description('take back the payment of a licence not delivered by its deadline')
    .argument('<licence>', 'the licence id')
    .option('--passphrase-file <file>', 'file holding the vault passphrase, if the vault must be unlocked')
    .action((licence: string, flags: VaultPassFlags) =>
      withUnlockedVault(ctx(), flags, async (client) => {
        const done = await client.market.refund({ licenseId: checkId(licence, 'The licence') });
        ctx().out.result(
          `Refunded licence #${licence} (${done.tx}): the price is credited to you on the marketplace`,
          done,
        );
      }),
    );
}

function waitSeconds(flags: BuyFlags): number {
  if (flags.wait === false) return 0;
  if (!/^[0-9]{1,6}$/.test(flags.wait)) throw new UsageError('--wait takes whole seconds, e.g. --wait 300');
  return Number(flags.wait);
}

async function marketBuyCommand(ctx: CliContext, offerId: string, flags: BuyFlags): Promise<void> {
  const waitS = waitSeconds(flags);
  await withUnlockedVault(ctx, flags, async (client) => {
    const plan = await client.market.buyPlan({
      offerId,
      ...(flags.maxPrice ? { maxPrice: flags.maxPrice } : {}),
      ...(flags.from ? { from: flags.from } : {}),
    });
    if (!ctx.out.json || !flags.yes) process.stderr.write(`${buyPlanText(plan)}\n`);
    if (!flags.yes) {
      if (!process.stdin.isTTY) {
        throw new CliError('Buying needs a confirmation: run in a terminal to be asked, or pass --yes');
      }
      if (!(await confirm('Buy it?'))) throw new CliError('Not bought');
    }
    ctx.out.note(plan.approval ? 'Buying: approve, then buy…' : 'Buying…');
    const done = await client.market.buyConfirm({ planId: plan.planId });
    if (waitS === 0) {
      ctx.out.result(
        `Bought licence #${done.licenseId}; the seller delivers the key, then the asset arrives in the vault (a running Sahel receives it: see sahel market licenses)`,
        done,
      );
      return;
    }
    ctx.out.note(
      `Bought licence #${done.licenseId}; waiting for the seller to deliver it (up to ${waitS} s)…`,
    );
    const deadline = Date.now() + waitS * 1000;
    let licence: BoughtLicense;
    do {
      const waitMs = Math.max(0, Math.min(20_000, deadline - Date.now()));
      licence = await client.market.followLicense({ licenseId: done.licenseId, waitMs });
    } while ((licence.state === 'buying' || licence.state === 'escrowed') && Date.now() < deadline);
    const data = { ...done, state: licence.state, itemId: licence.itemId, reason: licence.reason };
    if (licence.state === 'received') {
      ctx.out.result(
        `Bought licence #${done.licenseId}: the asset is in the vault as item ${licence.itemId} (sahel vault get ${licence.itemId})`,
        data,
      );
    } else if (licence.state === 'failed') {
      throw new CliError(
        `Bought licence #${done.licenseId}, but the asset could not be received: ${licence.reason ?? 'see sahel market licenses'}`,
      );
    } else {
      ctx.out.result(
        `Bought licence #${done.licenseId}; not delivered within ${waitS} s. A running Sahel receives it when the seller delivers (sahel market licenses; after the deadline, sahel market refund ${done.licenseId})`,
        data,
      );
    }
  });
}

/** The plan as a person reviews it: the price, who gets what, the approval, the fees, the key. */
export function buyPlanText(p: BuyPlan): string {
  const amount = (v: string) => `${formatUnits(BigInt(v), p.decimals)} ${p.symbol}`;
  const eth = (wei: string) => `${formatUnits(BigInt(wei), 18)} ETH`;
  const t = p.terms;
  const lines = [
    `Buy offer #${p.offerId} (asset #${p.assetId}${p.metadata ? `, "${p.metadata.title}"` : ''}) on ${p.network} from ${p.from}:`,
    `  price ${amount(p.price)}, sold by ${p.seller}`,
    `  licence: ${t.durationSeconds === 0 ? 'perpetual' : `${t.durationSeconds} s`}, ${t.commercialUse ? 'commercial use allowed' : 'no commercial use'}, ${t.derivativesAllowed ? 'derivatives allowed' : 'no derivatives'}`,
    ...p.split.map(
      (s) => `  pays ${amount(s.amount)} to ${s.account}${s.role === 'fee' ? ' (platform fee)' : ''}`,
    ),
    p.approval ? `  approves the marketplace for exactly ${amount(p.approval)}` : '  no approval needed',
    ...p.steps.map(
      (s, i) =>
        `  ${i + 1}. ${s.step} on ${s.to}, fee at most ${eth(s.maxFee)}${s.estimated ? ' (estimated)' : ''}`,
    ),
    `  the asset's key will be sealed to this licence's own key ${p.buyerPubKey}`,
  ];
  return printable(lines.join('\n'));
}

function licensesText(ls: BoughtLicense[]): string {
  if (ls.length === 0) return 'No licences bought on this network';
  return ls
    .map(
      (l) =>
        `#${l.licenseId} offer #${l.offerId} asset #${l.assetId}: ${l.state}${l.itemId ? ` (vault item ${l.itemId})` : ''}${l.reason ? ` — ${l.reason}` : ''}${l.refundable ? ` — refundable: sahel market refund ${l.licenseId}` : ''}`,
    )
    .join('\n');
}

function salesText(ss: Sale[]): string {
  if (ss.length === 0) return 'No licences sold on this network';
  return ss
    .map(
      (s) =>
        `#${s.licenseId} asset #${s.assetId} to ${s.buyer}: ${s.state}${s.reason ? ` — ${s.reason}` : ''}`,
    )
    .join('\n');
}
