import type { Command } from 'commander';
import type { Approval, AuditEntry, PolicySettings, ToolInfo } from '../../../../src-shared/domain/agent.js';
import { formatUnits } from '../../../../src-shared/domain/amount.js';
import type { CliContext } from '../context.js';
import { printable, UsageError } from '../output.js';
import { registerPersonaCommands } from './agent-personas.js';
import { SUMMARY } from './summaries.js';
import { type VaultPassFlags, withConnection, withUnlockedVault } from './vault-session.js';

interface AuditFlags extends VaultPassFlags {
  verify?: boolean;
  limit?: string;
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** `sahel agent tools | policy … | approvals | approve | reject | audit`: the agent's surroundings. */
export function registerAgentCommands(program: Command, ctx: () => CliContext): void {
  const agent = program.command('agent').description(SUMMARY.agent);
  const passOption = [
    '--passphrase-file <file>',
    'file holding the vault passphrase, if it must be unlocked',
  ] as const;

  agent
    .command('tools')
    .description('every tool the agent may call, with its arguments (--json: their JSON schemas)')
    .action(() =>
      withConnection(ctx(), async ({ client }) => {
        const { tools } = await client.agent.tools({});
        ctx().out.result(toolsText(tools), tools);
      }),
    );

  const policy = agent.command('policy').description('what the agent may do without asking you');
  policy
    .command('show')
    .description('limits per token, allowed addresses, timeouts')
    .action(() =>
      withConnection(ctx(), async ({ client }) => {
        const p = await client.agent.policy({});
        ctx().out.result(policyText(p), p);
      }),
    );
  policy
    .command('set')
    .description(
      'change one setting: limit.<native|token>.<per-action|daily|task-budget> <amount>, approval-timeout <s>, max-steps <n>, max-tool-calls <n>',
    )
    .argument('<key>')
    .argument('<value>')
    .option(...passOption)
    .action((key: string, value: string, flags: VaultPassFlags) =>
      withUnlockedVault(ctx(), flags, async (client) => {
        const p = await client.agent.setPolicy({ key, value });
        ctx().out.result(`Set ${key} to ${value}.\n${policyText(p)}`, p);
      }),
    );
  policy
    .command('allow')
    .description('let the agent pay this address (within the limits)')
    .argument('<address>')
    .option('--name <name>', 'a name to show for it')
    .option(...passOption)
    .action((address: string, flags: VaultPassFlags & { name?: string }) => {
      if (!ADDRESS.test(address)) throw new UsageError('The address is 0x and 40 hex digits');
      return withUnlockedVault(ctx(), flags, async (client) => {
        const p = await client.agent.allow({ address, name: flags.name ?? '' });
        ctx().out.result(`Allowed ${address}.`, p);
      });
    });
  policy
    .command('disallow')
    .description('take an address off the allowed recipients')
    .argument('<address>')
    .option(...passOption)
    .action((address: string, flags: VaultPassFlags) => {
      if (!ADDRESS.test(address)) throw new UsageError('The address is 0x and 40 hex digits');
      return withUnlockedVault(ctx(), flags, async (client) => {
        const p = await client.agent.disallow({ address });
        ctx().out.result(`${address} is no longer allowed.`, p);
      });
    });

  agent
    .command('approvals')
    .description('what the agent asked to do and waits for you (in the running Sahel)')
    .action(() =>
      withConnection(ctx(), async ({ client }) => {
        const { approvals } = await client.agent.approvals({});
        ctx().out.result(approvalsText(approvals), approvals);
      }),
    );
  for (const verb of ['approve', 'reject'] as const) {
    agent
      .command(verb)
      .description(verb === 'approve' ? 'do what an approval asks, as reviewed' : 'refuse an approval')
      .argument('<id>')
      .option(...passOption)
      .action((id: string, flags: VaultPassFlags) =>
        withUnlockedVault(ctx(), flags, async (client) => {
          const a = await client.agent[verb]({ id });
          ctx().out.result(`${a.id}: ${a.state}. ${a.summary}`, a);
        }),
      );
  }

  agent
    .command('audit')
    .description('everything the agent did: tool calls, decisions, approvals, transactions')
    .option('--verify', 'check the hash chain; exit 1 naming the first entry edited, removed or reordered')
    .option('--limit <n>', 'how many entries, newest first (default 100)')
    .option(...passOption)
    .action((flags: AuditFlags) => auditCommand(ctx(), flags));
  registerPersonaCommands(agent, ctx);
}

async function auditCommand(ctx: CliContext, flags: AuditFlags): Promise<void> {
  const limit = flags.limit === undefined ? 100 : Number(flags.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw new UsageError('--limit is a whole number from 1 to 1000');
  await withUnlockedVault(ctx, flags, async (client) => {
    if (flags.verify) {
      const verdict = await client.agent.verifyAudit({});
      if (verdict.ok) ctx.out.result(`The audit log is intact: ${verdict.entries} entries.`, verdict);
      else {
        ctx.out.result(
          `The audit log was tampered with at entry ${verdict.seq}: ${verdict.problem}`,
          verdict,
        );
        process.exitCode = 1;
      }
      return;
    }
    const { entries } = await client.agent.audit({ limit });
    ctx.out.result(auditText(entries), entries);
  });
}

function toolsText(tools: ToolInfo[]): string {
  return tools
    .map((t) => `${t.name.padEnd(16)} ${t.kind.padEnd(4)}  ${firstSentence(t.description)}`)
    .join('\n');
}

function firstSentence(text: string): string {
  const end = text.search(/\.(\s|$)/);
  return end < 0 ? text : text.slice(0, end + 1);
}

function amountOf(units: string, token: string): string {
  return token === 'native' ? `${formatUnits(BigInt(units), 18)} ETH` : `${units} base units`;
}

export function policyText(p: PolicySettings): string {
  const lines = ['Limits (what the agent may move without asking; 0: it always asks):'];
  if (p.limits.length === 0) lines.push('  none: every value move waits for you');
  for (const l of p.limits) {
    lines.push(
      `  ${l.token}: per action ${amountOf(l.perAction, l.token)}, per 24 h ${amountOf(l.daily, l.token)}, per task ${amountOf(l.taskBudget, l.token)}`,
    );
  }
  lines.push('Allowed recipients:');
  if (p.allowlist.length === 0) lines.push('  none besides the marketplace');
  for (const a of p.allowlist) lines.push(`  ${a.address}${a.name ? ` (${a.name})` : ''}`);
  lines.push(
    `An approval expires after ${p.approvalTimeoutSeconds} s; a turn stops after ${p.maxSteps} steps or ${p.maxToolCalls} tool calls.`,
  );
  return lines.join('\n');
}

function approvalsText(approvals: Approval[]): string {
  const pending = approvals.filter((a) => a.state === 'pending');
  if (pending.length === 0) return 'Nothing waits for your approval.';
  return pending
    .map((a) =>
      [
        `${a.id}  ${a.tool}: ${a.summary}`,
        `  held by ${a.rule}: ${a.why}`,
        `  the agent says: ${printable(a.claim) || '(nothing)'}`,
        `  expires ${a.expiresAt}`,
      ].join('\n'),
    )
    .join('\n\n');
}

function auditText(entries: AuditEntry[]): string {
  if (entries.length === 0) return 'The agent has done nothing yet.';
  return entries
    .map(
      (e) =>
        `#${e.seq} ${e.at} ${e.actor} ${e.action} ${e.decision}${e.outcome ? `, ${e.outcome}` : ''} (${e.rule}): ${oneLine(e.result)}`,
    )
    .join('\n');
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 160 ? `${flat.slice(0, 159)}…` : flat;
}
