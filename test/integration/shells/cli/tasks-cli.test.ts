// Delegated tasks at the terminal, through core.ts's wiring: one `sahel serve` whose model is a script.
// A notify task and an agent-prompt task are added, run now, and their sealed logs read back; pause,
// resume and rm change what `list` shows; bad command lines get a sentence and exit 2, a bad cron or
// zone the owner's BAD_INPUT. The tasks outlive a restart of the owner. Asked in chat, the agent's
// tasks_schedule (through the real gate) adds its task paused, with no tools and no budget.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, succeeded as ok, runCli } from '../../../support/cli.js';
import { type Served, startServe } from '../../../support/sahel-process.js';

let dir: string;
let dataDir: string;
let served: Served | undefined;

const sahel = (args: string[]) =>
  runCli(args, { dataDir, env: { SAHEL_PASSPHRASE_FILE: join(dir, 'pass') }, timeoutMs: 60_000 });
const json = <T>(r: CliResult): T => JSON.parse(ok(r).stdout) as T;

interface Run {
  id: string;
  status: string;
}

/** Asks until the task's latest run has ended (runs are asynchronous in the owner). */
async function ended(id: string): Promise<Run> {
  for (let i = 0; i < 100; i++) {
    const s = json<{ runs: Run[] }>(await sahel(['--json', 'tasks', 'show', id]));
    const run = s.runs[0];
    if (run && run.status !== 'queued' && run.status !== 'running') return run;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the run of task ${id} did not end`);
}

const SCRIPT = 'Summary: nothing new in your notes.';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sahel-tasks-cli-'));
  dataDir = join(dir, 'data');
  writeFileSync(join(dir, 'pass'), 'tasks cli passphrase, long enough\n', { mode: 0o600 });
  const turns = [
    { reply: SCRIPT },
    // In chat, the agent is asked to set a task up: it proposes one, then says what became of it.
    {
      match: 'schedule my summary',
      reply: '',
      toolCalls: [{ name: 'tasks_schedule', arguments: { task: 'Summarise my notes', when: 'every 1d' } }],
    },
    { match: 'was added paused', reply: 'It is added, paused, for you to review.' },
  ];
  writeFileSync(join(dir, 'script.json'), JSON.stringify({ turns }));
});

afterAll(async () => {
  await served?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('sahel tasks', () => {
  it('adds, runs, logs, pauses, resumes and removes tasks on a running owner; the agent’s proposal waits paused', {
    timeout: 240_000,
  }, async () => {
    ok(await sahel(['vault', 'init']));
    // With no owner running, a command adds and queues, but nothing runs in its short-lived process.
    const early = json<{ id: string }>(
      await sahel(['--json', 'tasks', 'add', 'notify', '--every', '1d', '--message', 'Early']),
    );
    ok(await sahel(['tasks', 'run', early.id]));
    const waiting = json<{ runs: Run[] }>(await sahel(['--json', 'tasks', 'show', early.id]));
    expect(waiting.runs.map((r) => r.status)).toEqual(['queued']);
    const env = { SAHEL_CHAT_PROVIDER: `scripted:${join(dir, 'script.json')}` };
    served = await startServe(dataDir, [], 'serve', env);
    ok(await sahel(['vault', 'unlock']));
    // The owner runs it once the vault is unlocked.
    expect(await ended(early.id)).toMatchObject({ status: 'succeeded' });
    ok(await sahel(['tasks', 'rm', early.id]));

    const note = json<{ id: string; state: string; trigger: { type: string; ms: number } }>(
      await sahel([
        '--json',
        'tasks',
        'add',
        'notify',
        '--every',
        '1d',
        '--message',
        'Stretch',
        '--name',
        'stretch',
      ]),
    );
    expect(note).toMatchObject({ state: 'active', trigger: { type: 'every', ms: 86_400_000 } });
    ok(await sahel(['tasks', 'run', note.id]));
    expect(await ended(note.id)).toMatchObject({ status: 'succeeded' });
    const noteLog = ok(await sahel(['tasks', 'logs', note.id])).stdout;
    expect(noteLog).toMatch(/notify {2}Stretch/);

    const agent = json<{ id: string; scope: { tools: string[] } }>(
      await sahel([
        '--json',
        'tasks',
        'add',
        'agent-prompt',
        '--cron',
        '0 8 * * *',
        '--tz',
        'Europe/Berlin',
        '--prompt',
        'Summarise what changed in my notes',
        '--tools',
        'vault_search,memory_recall',
        '--budget',
        '0.5',
      ]),
    );
    expect(agent.scope.tools).toEqual(['vault_search', 'memory_recall']);
    ok(await sahel(['tasks', 'run', agent.id]));
    const run = await ended(agent.id);
    expect(run.status).toBe('succeeded');
    const log = ok(await sahel(['tasks', 'logs', agent.id, '--run', run.id])).stdout;
    expect(log).toContain(SCRIPT);
    const shown = ok(await sahel(['tasks', 'show', agent.id])).stdout;
    expect(shown).toContain('prompt: Summarise what changed in my notes');
    expect(shown).toMatch(/budget 0\.5/);

    expect(ok(await sahel(['tasks', 'pause', note.id])).stdout).toMatch(/paused/);
    expect(ok(await sahel(['tasks', 'list'])).stdout).toMatch(new RegExp(`${note.id} {2}paused`));
    expect(ok(await sahel(['tasks', 'resume', note.id])).stdout).toMatch(/active/);
    ok(await sahel(['tasks', 'rm', note.id]));
    const left = json<{ id: string }[]>(await sahel(['--json', 'tasks', 'list']));
    expect(left.map((t) => t.id)).toEqual([agent.id]);

    // The owner restarts: the task and its runs are still there.
    await served.stop();
    served = await startServe(dataDir, [], 'serve', env);
    ok(await sahel(['vault', 'unlock']));
    const after = json<{ runs: Run[] }>(await sahel(['--json', 'tasks', 'show', agent.id]));
    expect(after.runs.map((r) => [r.id, r.status])).toEqual([[run.id, 'succeeded']]);

    // Asked in chat, the agent proposes a task: it is added paused, with no tools, for the user.
    const chat = ok(await sahel(['chat', '--agent', 'please schedule my summary']));
    expect(chat.stdout).toContain('It is added, paused, for you to review.');
    const all = json<{ id: string; state: string; name: string; scope: unknown }[]>(
      await sahel(['--json', 'tasks', 'list']),
    );
    const proposed = all.find((t) => t.id !== agent.id);
    expect(proposed).toMatchObject({
      state: 'paused',
      name: 'Summarise my notes (every 1d)',
      scope: { tools: [], budget: null, expires: null },
    });
  });

  it('refuses a wrong command line with a sentence, before anything is added', {
    timeout: 120_000,
  }, async () => {
    const usage = async (args: string[], text: RegExp) => {
      const r = await sahel(['tasks', 'add', ...args]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(text);
    };
    await usage(['notify', '--message', 'x'], /exactly one of --cron, --every, --at or --on/);
    await usage(['notify', '--every', '5s', '--message', 'x'], /15m, 2h, 1d or 1h30m/);
    await usage(['notify', '--every', '1h'], /needs --message/);
    await usage(
      ['agent-prompt', '--every', '1h', '--prompt', 'x', '--tools', 'rm_rf'],
      /rm_rf is not a tool/,
    );
    await usage(['agent-prompt', '--at', 'tomorrow', '--prompt', 'x'], /ISO 8601/);
    await usage(['market-watch', '--every', '1h'], /needs --max-count <n> and --budget <amount>/);
    await usage(['market-watch', '--on', 'purchase', '--max-count', '2', '--budget', '6'], /--on listing/);
    await usage(['market-watch', '--every', '1h', '--max-count', '0', '--budget', '6'], /from 1 to 100/);
    await usage(
      ['market-watch', '--every', '1h', '--max-count', '2', '--budget', '6', '--kind', 'car'],
      /--kind is one of/,
    );
    await usage(
      ['market-watch', '--every', '1h', '--max-count', '2', '--budget', '6', '--prompt', 'x'],
      /--prompt does not go with market-watch/,
    );
    await usage(['notify', '--on', 'balance', '--message', 'x'], /needs --at-least/);
    await usage(['notify', '--on', 'rain', '--message', 'x'], /listing, purchase, balance or earnings/);
    const badCron = await sahel(['tasks', 'add', 'notify', '--cron', '61 * * * *', '--message', 'x']);
    expect(badCron.code).toBe(1);
    expect(badCron.stderr).toMatch(/cron expression "61 \* \* \* \*" is not valid/);
    const badZone = await sahel([
      'tasks',
      'add',
      'notify',
      '--cron',
      '0 8 * * *',
      '--tz',
      'Mars/Olympus',
      '--message',
      'x',
    ]);
    expect(badZone.code).toBe(1);
    expect(badZone.stderr).toMatch(/not an IANA time zone/);
    const missing = await sahel(['tasks', 'logs', 'no-such-task']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/There is no task no-such-task/);
  });
});
