import { Command, CommanderError, Option } from 'commander';
import { isSchemaRefusal } from '../../../src-shared/api/issues.js';
import { SahelError } from '../../../src-shared/errors.js';
import { APP_VERSION } from '../../platform/index.js';
import { GROUPS, isGroup, SUMMARY } from './commands/groups.js';
import { buildContext, type CliContext, type GlobalFlags } from './context.js';
import { CliError, EXIT, printable, UsageError } from './output.js';

/**
 * The `sahel` command. Conventions for every command: human output by default, `--json` for scripts;
 * exit 0 ok, 1 failure (one line on stderr), 2 usage error; secrets only from a TTY or a file.
 */
export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const program = new Command('sahel')
    .description('Your own AI agent on your own machine.')
    .version(APP_VERSION, '-v, --version')
    .option('--data-dir <dir>', 'the data directory (default: $SAHEL_HOME, else the per-OS location)')
    .option('--json', 'machine-readable output')
    .showHelpAfterError('(run sahel --help for usage)')
    .exitOverride();
  const ctx = (): CliContext => buildContext(program.opts<GlobalFlags>(), env);

  const portOpt = () => new Option('--port <n>', 'port to listen on; 0 picks a free one').default('0');
  const hostOpt = () => new Option('--host <ip>', 'address to bind').default('127.0.0.1');

  program
    .command('serve')
    .description('run headless: serve the UI and API on loopback, with an access token')
    .addOption(portOpt())
    .addOption(hostOpt())
    .option('--new-token', 'replace the kept access token (old URLs and browser sessions stop working)')
    .action(async (flags) => (await import('./commands/serve.js')).serveCommand(ctx(), flags));

  program
    .command('start')
    .description('open the desktop window, or the headless server where Electron cannot run')
    .addOption(portOpt())
    .addOption(hostOpt())
    .option('--headless', 'skip the window and serve in the browser')
    .option('--no-fetch-electron', "never try to download Electron's binary")
    .action(async (flags) => (await import('./commands/start.js')).startCommand(ctx(), flags, env));

  program
    .command('status')
    .description('what the running Sahel (app or serve) is doing')
    .action(async () => (await import('./commands/status.js')).statusCommand(ctx()));

  // Only the command that runs is loaded; the others are listed for the help by name and summary.
  const wanted = commandIn(argv);
  for (const [name, group] of Object.entries(GROUPS)) {
    if (name === wanted) (await group.load())(program, ctx);
    else {
      const stub = program.command(name).description(SUMMARY[name as keyof typeof SUMMARY]);
      if ('term' in group) stub.argument(group.term).addOption(new Option('--any').hideHelp());
    }
  }

  try {
    await program.parseAsync(argv, { from: 'user' });
    return Number(process.exitCode ?? EXIT.ok);
  } catch (err) {
    return report(err);
  }
}

/**
 * Errors from below the API whose message is meant for the user. Known by name, not `instanceof`:
 * importing their modules here would load SQLite and zod for every command, `--help` included.
 */
const KNOWN_ERRORS = new Set(['DataDirLockedError', 'DatabaseTooNewError', 'DatabaseDamagedError']);

/** The command argv names (`help <command>` names one too), skipping the global options. */
export function commandIn(argv: readonly string[]): string | undefined {
  let helpFor = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--data-dir') i++;
    else if (arg === '--') return isGroup(argv[i + 1]) ? argv[i + 1] : undefined;
    else if (!arg.startsWith('-')) {
      if (arg === 'help' && !helpFor) helpFor = true;
      else return arg;
    }
  }
  return undefined;
}

function report(err: unknown): number {
  if (err instanceof CommanderError) {
    // Help and version exit through here too, with code 0; commander already printed them.
    return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  // What the API refused as malformed is what the user typed: a usage error, like commander's own.
  if (err instanceof UsageError || (SahelError.is(err) && isSchemaRefusal(err))) {
    process.stderr.write(`sahel: ${printable((err as Error).message.split('\n')[0] ?? '')}\n`);
    return EXIT.usage;
  }
  const known = err instanceof CliError || SahelError.is(err) || KNOWN_ERRORS.has((err as Error)?.name);
  const message = known
    ? (err as Error).message
    : (fileErrorSentence(err) ?? `unexpected error: ${(err as Error)?.message ?? String(err)}`);
  process.stderr.write(`sahel: ${printable(message.split('\n')[0] ?? '')}\n`);
  return EXIT.failure;
}

/** A file-system failure no command caught, as a sentence naming the path instead of a raw errno. */
export function fileErrorSentence(err: unknown): string | undefined {
  const e = err as NodeJS.ErrnoException;
  const path = typeof e?.path === 'string' ? e.path : undefined;
  if (!path) return undefined;
  switch (e.code) {
    case 'EEXIST':
      return `${path} already exists: choose another path, or move it aside first`;
    case 'ENOENT':
      return `${path} does not exist`;
    case 'EACCES':
    case 'EPERM':
      return `No permission to use ${path}`;
    case 'ENOSPC':
      return `The disk holding ${path} is full; nothing was changed`;
    case 'ENOTDIR':
      return `A part of ${path} is not a folder`;
    default:
      return undefined;
  }
}
