import type { Command } from 'commander';
import type { ToolName } from '../../../../src-shared/domain/agent.js';
import { ToolName as ToolNameSchema } from '../../../../src-shared/domain/agent.js';
import { formatUnits, parseAmount } from '../../../../src-shared/domain/amount.js';
import type {
  MissedRule,
  RunStep,
  TaskInfo,
  TaskRunInfo,
  TaskSettings,
  Trigger,
} from '../../../../src-shared/domain/tasks.js';
import { parseEvery, systemZone } from '../../../tasks/index.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../output.js';
import { SUMMARY } from './summaries.js';
import { type VaultPassFlags, withConnection, withUnlockedVault } from './vault-session.js';

interface AddFlags extends VaultPassFlags {
  cron?: string;
  tz?: string;
  every?: string;
  at?: string;
  name?: string;
  prompt?: string;
  message?: string;
  budget?: string;
  tools?: string;
  missed?: string;
}

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
    .description('add a task: agent-prompt (--prompt) or notify (--message), on --cron, --every or --at')
    .argument('<kind>', 'agent-prompt | notify')
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
    .option(...PASS)
    .action((kind: string, flags: AddFlags) => {
      const input = addInput(kind, flags);
      return withUnlockedVault(ctx(), flags, async (client) => {
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

/** The command line as the API's input; a wrong line is a UsageError before anything connects. */
export function addInput(
  kind: string,
  f: AddFlags,
): { name: string; trigger: Trigger; missed: MissedRule; settings: TaskSettings; scope: AddScope } {
  const given = [f.cron, f.every, f.at].filter((x) => x !== undefined).length;
  if (given !== 1) throw new UsageError('Give exactly one of --cron, --every or --at');
  if (f.tz !== undefined && f.cron === undefined) throw new UsageError('--tz goes with --cron');
  let trigger: Trigger;
  let when: string;
  if (f.cron !== undefined) {
    trigger = { type: 'cron', expr: f.cron, tz: f.tz ?? systemZone() };
    when = `cron ${f.cron} (${trigger.tz})`;
  } else if (f.every !== undefined) {
    trigger = { type: 'every', ms: usage(() => parseEvery(f.every as string)) };
    when = `every ${f.every}`;
  } else {
    const at = Date.parse(f.at as string);
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(f.at as string) || Number.isNaN(at)) {
      throw new UsageError('--at takes an ISO 8601 time like 2026-12-24T08:00 (local) or 2026-12-24T07:00Z');
    }
    trigger = { type: 'at', at };
    when = `at ${new Date(at).toISOString()}`;
  }
  const missed = f.missed ?? 'run-once';
  if (missed !== 'run-once' && missed !== 'skip') throw new UsageError('--missed is run-once or skip');
  let settings: TaskSettings;
  if (kind === 'agent-prompt') {
    if (!f.prompt?.trim()) throw new UsageError('An agent-prompt task needs --prompt "<what to do>"');
    if (f.message !== undefined) throw new UsageError('--message goes with notify tasks');
    settings = { kind, prompt: f.prompt.trim() };
  } else if (kind === 'notify') {
    if (!f.message?.trim()) throw new UsageError('A notify task needs --message "<text>"');
    if (f.prompt !== undefined || f.tools !== undefined || f.budget !== undefined) {
      throw new UsageError('--prompt, --tools and --budget go with agent-prompt tasks');
    }
    settings = { kind, message: f.message.trim(), threshold: null };
  } else if (kind === 'market-watch') {
    throw new UsageError('market-watch tasks are not built yet');
  } else {
    throw new UsageError(`The kind is agent-prompt or notify, not ${kind.slice(0, 40)}`);
  }
  return {
    name: (f.name ?? `${kind} ${when}`).trim().slice(0, 200),
    trigger,
    missed,
    settings,
    scope: { tools: toolsOf(f.tools), budget: budgetOf(f.budget), expires: null },
  };
}

type AddScope = { tools: ToolName[]; budget: { token: 'native'; total: string } | null; expires: null };

function toolsOf(text: string | undefined): ToolName[] {
  if (text === undefined) return [];
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return names.map((n) => {
    const r = ToolNameSchema.safeParse(n);
    if (!r.success) throw new UsageError(`${n.slice(0, 40)} is not a tool: see sahel agent tools`);
    return r.data;
  });
}

function budgetOf(text: string | undefined): AddScope['budget'] {
  if (text === undefined) return null;
  const r = parseAmount(text, 18);
  if (!r.ok) throw new UsageError(`--budget: ${r.problem}`);
  return { token: 'native', total: r.value.toString() };
}

function usage<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

const time = (ms: number | null) => (ms === null ? '—' : new Date(ms).toISOString());

function taskLine(t: TaskInfo): string {
  const budget = t.scope.budget ? `, budget ${formatUnits(t.scope.budget.total, 18)}` : '';
  return `${t.id}  ${t.state}  ${t.kind}  ${t.name}  next ${time(t.nextDue)}${budget}`;
}

function settingsText(s: TaskSettings): string {
  if (s.kind === 'agent-prompt') return `prompt: ${s.prompt}`;
  if (s.kind === 'notify') return `message: ${s.message}`;
  return `kind: ${s.kind}`;
}

function runLine(r: TaskRunInfo): string {
  const err = r.error ? `  ${r.error}` : '';
  return `run ${r.id}  ${r.status}  attempt ${r.attempt}  due ${time(r.due)}${err}`;
}

function stepLine(s: RunStep): string {
  return `${time(s.at)}  ${s.kind}  ${s.text}`;
}
