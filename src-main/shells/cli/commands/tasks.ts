import type { Command } from 'commander';
import { formatUnits } from '../../../../src-shared/domain/amount.js';
import type { RunStep, TaskInfo, TaskRunInfo, TaskSettings } from '../../../../src-shared/domain/tasks.js';
import type { CliContext } from '../context.js';
import { SUMMARY } from './summaries.js';
import { type AddFlags, addInput, marketToken, withToken } from './tasks-add.js';
import { type VaultPassFlags, withConnection, withUnlockedVault } from './vault-session.js';

const PASS = [
  '--passphrase-file <file>',
  'file holding the vault passphrase, if it must be unlocked',
] as const;

/** `sahel tasks list | add | show | run | pause | resume | rm | logs`: delegated background tasks. */
export function registerTasksCommands(program: Command, ctx: () => CliContext): void {
  const tasks = program.command('tasks').description(SUMMARY.tasks);

  tasks
    .command('list')
    .description('every task, its state and next run')
    .action(() =>
      withConnection(ctx(), async ({ client }) => {
        const { tasks: list } = await client.tasks.list({});
        ctx().out.result(list.length ? list.map(taskLine).join('\n') : 'No tasks.', list);
      }),
    );

  tasks
    .command('add')
    .description(
      'add a task: agent-prompt (--prompt), notify (--message) or market-watch, on --cron, --every, --at or --on',
    )
    .argument('<kind>', 'agent-prompt | notify | market-watch')
    .option('--cron <expr>', 'a cron expression (5 fields: minute hour day month weekday)')
    .option('--tz <zone>', "the cron's IANA time zone (default: this system's)")
    .option('--every <duration>', 'an interval: 15m, 2h, 1d, 1h30m')
    .option('--at <time>', 'once, at an ISO 8601 time (2026-12-24T08:00, local time unless it ends in Z)')
    .option('--name <name>', 'a short label (shown while the vault is locked)')
    .option('--prompt <text>', 'agent-prompt: what the agent should do')
    .option('--message <text>', 'notify: the notification')
    .option('--budget <amount>', 'agent-prompt: the most its runs may spend in all, in the native coin')
    .option('--tools <names>', 'agent-prompt: the tools it may use, comma-separated (default: none)')
    .option('--missed <rule>', 'a run missed while Sahel was closed: run-once (default) or skip')
    .option('--on <event>', 'on a chain event: listing, purchase, balance or earnings')
    .option('--filter <text>', 'listing / market-watch: words the title or tags must all hold')
    .option('--kind <kind>', 'market-watch: the asset kind (dataset, adapter, model, …)')
    .option(
      '--max-price <amount>',
      "listing / market-watch: the most one licence may cost (the market's token)",
    )
    .option('--max-count <n>', 'market-watch: the most licences it buys in all')
    .option('--at-least <amount>', 'balance / earnings: the threshold, crossed upwards')
    .option('--token <token>', "balance / earnings: native or a token address (default: the market's token)")
    .option(...PASS)
    .action((kind: string, flags: AddFlags) => {
      const draft = addInput(kind, flags);
      return withUnlockedVault(ctx(), flags, async (client) => {
        const input = draft.needsToken ? withToken(draft.input, await marketToken(client)) : draft.input;
        const t = await client.tasks.add(input);
        ctx().out.result(`Added task ${t.id}.\n${taskLine(t)}`, t);
      });
    });

  tasks
    .command('show')
    .description('a task, its settings and its latest runs')
    .argument('<id>')
    .option(...PASS)
    .action((id: string, flags: VaultPassFlags) =>
      withUnlockedVault(ctx(), flags, async (client) => {
        const s = await client.tasks.show({ id });
        const text = [taskLine(s.task), settingsText(s.settings), ...s.runs.map(runLine)].join('\n');
        ctx().out.result(text, s);
      }),
    );

  for (const [name, what] of [
    ['run', 'run a task now, outside its schedule'],
    ['pause', 'pause a task: nothing of it starts'],
    ['resume', 'resume a task from now'],
    ['rm', 'remove a task and its runs'],
  ] as const) {
    tasks
      .command(name)
      .description(what)
      .argument('<id>')
      .action((id: string) =>
        withConnection(ctx(), async ({ client }) => {
          if (name === 'run') {
            const r = await client.tasks.run({ id });
            ctx().out.result(`Queued run ${r.id}.`, r);
          } else if (name === 'rm') {
            await client.tasks.rm({ id });
            ctx().out.result(`Removed task ${id}.`, { id });
          } else {
            const t = await client.tasks[name]({ id });
            ctx().out.result(taskLine(t), t);
          }
        }),
      );
  }

  tasks
    .command('logs')
    .description("a run's log (the latest run's unless --run names one)")
    .argument('<id>')
    .option('--run <run>', 'the run id (see sahel tasks show)')
    .option(...PASS)
    .action((id: string, flags: VaultPassFlags & { run?: string }) =>
      withUnlockedVault(ctx(), flags, async (client) => {
        const l = await client.tasks.logs({ id, ...(flags.run ? { run: flags.run } : {}) });
        const text = l.run ? [runLine(l.run), ...l.steps.map(stepLine)].join('\n') : 'No runs yet.';
        ctx().out.result(text, l);
      }),
    );
}

const time = (ms: number | null) => (ms === null ? '—' : new Date(ms).toISOString());

function taskLine(t: TaskInfo): string {
  const budget = t.scope.budget ? `, budget ${formatUnits(t.scope.budget.total, 18)}` : '';
  return `${t.id}  ${t.state}  ${t.kind}  ${t.name}  next ${time(t.nextDue)}${budget}`;
}

function settingsText(s: TaskSettings): string {
  if (s.kind === 'agent-prompt') return `prompt: ${s.prompt}`;
  if (s.kind === 'notify') return `message: ${s.message}`;
  if (s.kind === 'market-watch') {
    const max = s.filter.maxPrice ? `, at most ${formatUnits(s.filter.maxPrice, 18)} each` : '';
    return `watch: "${s.filter.words.join(' ')}"${s.assetKind ? ` (${s.assetKind})` : ''}${max}, up to ${s.maxCount}`;
  }
  return `kind: ${s.kind}`;
}

function runLine(r: TaskRunInfo): string {
  const err = r.error ? `  ${r.error}` : '';
  return `run ${r.id}  ${r.status}  attempt ${r.attempt}  due ${time(r.due)}${err}`;
}

function stepLine(s: RunStep): string {
  return `${time(s.at)}  ${s.kind}  ${s.text}`;
}
