import type { Command } from 'commander';
import { formatUnits } from '../../../../src-shared/domain/amount.js';
import { ASSET_KINDS, locationText } from '../../../../src-shared/domain/asset-metadata.js';
import type { PublishHost, PublishInput, PublishPlan } from '../../../../src-shared/domain/market-publish.js';
import type { CliContext } from '../context.js';
import { CliError, printable, UsageError } from '../output.js';
import { confirm, type VaultPassFlags, withUnlockedVault } from './vault-session.js';

export interface PublishFlags extends VaultPassFlags {
  price: string;
  token?: string;
  title?: string;
  description?: string;
  kind?: string;
  duration?: string;
  seats?: string;
  contributor: string[];
  parent: string[];
  host: string[];
  commercial?: boolean;
  derivatives: boolean;
  from?: string;
  yes?: boolean;
}

const collect = (v: string, p: string[]) => [...p, v];

/** `sahel market publish`, under `sahel market`. */
export function registerMarketPublishCommand(market: Command, ctx: () => CliContext): void {
  market
    .command('publish')
    .description(
      'publish a vault item: shows every transaction, the fees and where the ciphertext lives, then asks',
    )
    .argument('<vault-item>', 'the vault item id')
    .requiredOption('--price <p>', 'in whole units of the token, e.g. 25 or 0.5')
    .option('--token <t>', "an ERC-20's address, or the payment token's symbol (default: the payment token)")
    .option('--title <text>', 'the listing title (default: the item name)')
    .option('--description <text>', 'what it is, for buyers')
    .option('--kind <k>', ASSET_KINDS.join(', '), 'dataset')
    .option('--duration <d>', 'licence length: 30d, 12h, 45m, 3600s, 2w (default: perpetual)')
    .option('--seats <n>', 'most licences sold (default: unlimited)')
    .option(
      '--contributor <addr:bps>',
      'a contributor and their share in basis points (repeat; sum 10000)',
      collect,
      [],
    )
    .option(
      '--parent <asset:bps>',
      'an asset this derives from and its royalty in basis points (repeat)',
      collect,
      [],
    )
    .option(
      '--host <where>',
      'peer (this Sahel), url:<https://…/file.age>, or ipfs (pin the CAR Sahel writes; repeat; default peer)',
      collect,
      [],
    )
    .option('--commercial', 'the licence allows commercial use')
    .option('--no-derivatives', 'the licence forbids derivative works')
    .option('--from <address>', 'which account publishes (default: the first)')
    .option('--yes', 'publish without asking (needed where there is no terminal)')
    .option('--passphrase-file <file>', 'file holding the vault passphrase, if the vault must be unlocked')
    .action((item: string, flags: PublishFlags) => marketPublishCommand(ctx(), item, flags));
}

export async function marketPublishCommand(
  ctx: CliContext,
  itemId: string,
  flags: PublishFlags,
): Promise<void> {
  const input = publishInput(itemId, flags);
  await withUnlockedVault(ctx, flags, async (client) => {
    const plan = await client.market.publishPlan(input);
    if (!ctx.out.json || !flags.yes) process.stderr.write(`${planText(plan)}\n`);
    if (!flags.yes) {
      if (!process.stdin.isTTY) {
        throw new CliError('Publishing needs a confirmation: run in a terminal to be asked, or pass --yes');
      }
      if (!(await confirm('Publish it?'))) throw new CliError('Not published');
    }
    ctx.out.note('Publishing: register, then offer…');
    const done = await client.market.publishConfirm({ planId: plan.planId });
    ctx.out.result(`Published as asset #${done.assetId}, offer #${done.offerId}`, done);
  });
}

/** The flags as the publishPlan input; the owner checks it all again (and against the chain). */
export function publishInput(itemId: string, f: PublishFlags): PublishInput {
  if (f.kind !== undefined && !(ASSET_KINDS as readonly string[]).includes(f.kind)) {
    throw new UsageError(`--kind must be one of ${ASSET_KINDS.join(', ')}`);
  }
  const seats = f.seats === undefined ? 0 : Number(f.seats);
  if (!Number.isInteger(seats) || seats < 0) throw new UsageError('--seats must be a whole number');
  return {
    itemId,
    price: f.price,
    ...(f.token ? { token: f.token } : {}),
    ...(f.title ? { title: f.title } : {}),
    ...(f.description ? { description: f.description } : {}),
    ...(f.kind ? { kind: f.kind as PublishInput['kind'] } : {}),
    durationSeconds: f.duration === undefined ? 0 : durationSeconds(f.duration),
    seats,
    commercialUse: f.commercial === true,
    derivativesAllowed: f.derivatives,
    ...(f.contributor.length
      ? {
          contributors: f.contributor
            .map((c) => pair(c, '--contributor'))
            .map(([address, bps]) => ({ address, bps })),
        }
      : {}),
    parents: f.parent.map((p) => pair(p, '--parent')).map(([assetId, bps]) => ({ assetId, bps })),
    hosts: f.host.length ? f.host.map(host) : [{ kind: 'peer' }],
    ...(f.from ? { from: f.from } : {}),
  };
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

function durationSeconds(text: string): number {
  const m = /^([1-9][0-9]{0,9})([smhdw])$/.exec(text.trim());
  if (!m) throw new UsageError('--duration is a number and a unit: 30d, 12h, 45m, 3600s or 2w');
  return Number(m[1]) * (UNITS[m[2] as string] as number);
}

function pair(text: string, flag: string): [string, number] {
  const i = text.lastIndexOf(':');
  const bps = Number(text.slice(i + 1));
  if (i <= 0 || !/^[0-9]{1,5}$/.test(text.slice(i + 1)) || bps < 1 || bps > 10_000) {
    throw new UsageError(
      `${flag} ${JSON.stringify(text)}: write it as <id or address>:<basis points, 1–10000>`,
    );
  }
  return [text.slice(0, i), bps];
}

function host(text: string): PublishHost {
  if (text === 'peer' || text === 'ipfs') return { kind: text };
  if (text.startsWith('url:')) return { kind: 'url', url: text.slice(4) };
  throw new UsageError(`--host ${JSON.stringify(text)}: use peer, url:<https://…> or ipfs`);
}

/** The plan as a person reviews it: what goes on chain, what it costs, where the ciphertext lives. */
export function planText(p: PublishPlan): string {
  const eth = (wei: string) => `${formatUnits(BigInt(wei), 18)} ETH`;
  const lines = [
    `Publish on ${p.network} (chain ${p.chainId}) from ${p.from}:`,
    `  "${p.metadata.title}" (${p.metadata.kind}), ${p.metadata.content.size} bytes, sha256 ${p.contentHash}`,
    `  price ${formatUnits(BigInt(p.offer.price), p.offer.decimals)} ${p.offer.symbol}`,
    `  ciphertext ${p.metadata.ciphertext.sha256} (${p.metadata.ciphertext.size} bytes), file ${p.ciphertextFile}`,
    ...p.metadata.ciphertext.locations.map(
      (l) => `  hosted ${l.kind === 'inline' ? '' : 'at '}${locationText(l)} (${l.kind})`,
    ),
    `  metadata on chain as a data: URI of ${p.metadataUriBytes} bytes`,
  ];
  if (p.ipfs) {
    lines.push(
      `  IPFS: pin the CAR of ipfs://${p.ipfs.cid} before confirming: ${p.ipfs.carFile}`,
      `       with \`ipfs dag import ${p.ipfs.carFile}\` on your IPFS node, or upload it to a pinning service;`,
      `       it is fetched back through ${p.ipfs.gateway} and checked before anything goes on chain`,
    );
  }
  for (const [i, s] of p.steps.entries()) {
    lines.push(
      `  ${i + 1}. ${s.call} on ${s.to}, fee at most ${eth(s.maxFee)}${s.estimated ? ' (estimated: simulated after step 1)' : ''}`,
    );
    for (const [k, v] of Object.entries(s.args)) lines.push(`       ${k}: ${v}`);
  }
  return printable(lines.join('\n'));
}
