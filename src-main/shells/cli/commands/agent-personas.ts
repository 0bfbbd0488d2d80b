import type { Command } from 'commander';
import type {
  InstalledPersona,
  LimitSuggestion,
  PersonaReview,
} from '../../../../src-shared/domain/agent-package.js';
import { licenceExpiredLabel } from '../../../../src-shared/domain/models.js';
import type { CliContext } from '../context.js';
import { CliError, printable } from '../output.js';
import { confirm, type VaultPassFlags, withUnlockedVault } from './vault-session.js';

interface ApplyFlags extends VaultPassFlags {
  yes?: boolean;
  limit?: string[];
}

const passOption = [
  '--passphrase-file <file>',
  'file holding the vault passphrase, if it must be unlocked',
] as const;

/**
 * `sahel agent personas | review | install | use | uninstall | apply-limits`: agent packages bought on
 * the market (or added to the vault), reviewed before they are installed; their suggested limits are
 * applied only by apply-limits, after the user saw what would change.
 */
export function registerPersonaCommands(agent: Command, ctx: () => CliContext): void {
  agent
    .command('personas')
    .description('the installed personas (agent packages) and the vault items that hold packages')
    .option(...passOption)
    .action((flags: VaultPassFlags) =>
      withUnlockedVault(ctx(), flags, async (client) => {
        const { personas } = await client.agent.personas({});
        const { items } = await client.agent.personaPackages({});
        ctx().out.result(personasText(personas, items), { personas, packages: items });
      }),
    );
  agent
    .command('review')
    .description('exactly what the agent package in a vault item asks for')
    .argument('<itemId>')
    .option(...passOption)
    .action((itemId: string, flags: VaultPassFlags) =>
      withUnlockedVault(ctx(), flags, async (client) => {
        const r = await client.agent.reviewPersona({ itemId });
        ctx().out.result(reviewText(r), r);
      }),
    );
  agent
    .command('install')
    .description('install the agent package in a vault item as a persona (your policy is left as it is)')
    .argument('<itemId>')
    .option(...passOption)
    .action((itemId: string, flags: VaultPassFlags) =>
      withUnlockedVault(ctx(), flags, async (client) => {
        const p = await client.agent.installPersona({ itemId });
        ctx().out.result(
          `Installed ${printable(p.pkg.name)} as persona ${p.id}. Use it with: sahel agent use ${p.id}`,
          p,
        );
      }),
    );
  agent
    .command('use')
    .description('make a persona the agent’s (none: no persona, every tool)')
    .argument('<id|none>')
    .option(...passOption)
    .action((id: string, flags: VaultPassFlags) =>
      withUnlockedVault(ctx(), flags, async (client) => {
        const { personas } = await client.agent.activatePersona({ id: id === 'none' ? null : id });
        const active = personas.find((p) => p.active);
        ctx().out.result(
          active
            ? `The agent is now ${printable(active.pkg.name)} (${active.id}).`
            : 'The agent uses no persona.',
          personas,
        );
      }),
    );
  agent
    .command('uninstall')
    .description('remove an installed persona')
    .argument('<id>')
    .option(...passOption)
    .action((id: string, flags: VaultPassFlags) =>
      withUnlockedVault(ctx(), flags, async (client) => {
        const { personas } = await client.agent.uninstallPersona({ id });
        ctx().out.result(`Uninstalled ${id}.`, personas);
      }),
    );
  agent
    .command('apply-limits')
    .description('set a persona’s suggested limits in your policy, after showing what would change')
    .argument('<id>')
    .option(
      '--limit <key...>',
      'only these (policy keys as review shows them); default: every one it suggests',
    )
    .option('--yes', 'apply without asking (needed where there is no terminal)')
    .option(...passOption)
    .action((id: string, flags: ApplyFlags) => applyCommand(ctx(), id, flags));
}

async function applyCommand(ctx: CliContext, id: string, flags: ApplyFlags): Promise<void> {
  await withUnlockedVault(ctx, flags, async (client) => {
    const { personas } = await client.agent.personas({});
    const persona = personas.find((p) => p.id === id);
    if (!persona)
      throw new CliError(`No installed persona has the id ${printable(id)}: see sahel agent personas`);
    const review = await client.agent.reviewPersona({ itemId: persona.itemId });
    const wanted = flags.limit ?? review.limits.map((l) => l.key);
    const picked = review.limits.filter((l) => wanted.includes(l.key));
    const unknown = wanted.filter((k) => !review.limits.some((l) => l.key === k));
    if (unknown.length > 0)
      throw new CliError(`${printable(persona.pkg.name)} suggests no ${unknown.map(printable).join(', ')}`);
    if (picked.length === 0) throw new CliError(`${printable(persona.pkg.name)} suggests no limits.`);
    process.stderr.write(`These limits would change:\n${picked.map(limitLine).join('\n')}\n`);
    if (!flags.yes) {
      if (!process.stdin.isTTY)
        throw new CliError(
          'Applying limits needs a confirmation: run in a terminal to be asked, or pass --yes',
        );
      if (!(await confirm('Apply them?'))) throw new CliError('Nothing was changed');
    }
    const policy = await client.agent.applyPersonaLimits({
      id,
      picks: picked.map((l) => ({ token: l.token, field: l.field })),
    });
    ctx.out.result(`Applied ${picked.length} limit(s); see them with: sahel agent policy show`, policy);
  });
}

function limitLine(l: LimitSuggestion): string {
  const unit = l.symbol ? ` ${printable(l.symbol)}` : '';
  return `  ${l.key}: ${l.current}${unit} → ${l.suggested}${unit}`;
}

function personasText(
  personas: InstalledPersona[],
  items: { itemId: string; itemName: string; name: string }[],
) {
  const lines = ['Installed personas:'];
  if (personas.length === 0) lines.push('  none');
  for (const p of personas)
    lines.push(
      `  ${p.active ? '*' : ' '} ${p.id}  ${printable(p.pkg.name)}  (tools: ${p.pkg.tools.join(', ')})${p.licenceExpired ? `  ${licenceExpiredLabel(p.licenceExpired)}: cannot be used` : ''}`,
    );
  lines.push('Agent packages in the vault (sahel agent review <itemId>):');
  if (items.length === 0) lines.push('  none');
  for (const i of items) lines.push(`    ${i.itemId}  ${printable(i.name)}  (${printable(i.itemName)})`);
  return lines.join('\n');
}

function reviewText(r: PersonaReview): string {
  const lines = [
    `${printable(r.name)}  (vault item ${r.itemId}: ${printable(r.itemName)})`,
    r.description ? printable(r.description) : '(no description)',
    '',
    'The seller’s instructions to the agent (their words, shown as written):',
    ...printable(r.systemPrompt)
      .split('\n')
      .map((l) => `  │ ${l}`),
    '',
    'Tools it may use:',
    ...r.tools.map(
      (t) => `  ${t.name}${t.movesValueOrData ? '  (moves value or data: the policy decides)' : ''}`,
    ),
    '',
    'Suggested limits (never applied unless you run apply-limits):',
    ...(r.limits.length === 0 ? ['  none'] : r.limits.map(limitLine)),
    '',
    `Recommended model: ${
      r.model
        ? `${printable(r.model.name)}${r.model.sha256 ? ` (sha256 ${r.model.sha256})` : ''}, ${r.model.installed ? 'installed' : 'not installed'}`
        : 'none'
    }`,
    r.installedAs ? `Installed as persona ${r.installedAs}.` : 'Not installed: sahel agent install <itemId>',
  ];
  return lines.join('\n');
}
