import { Command, CommanderError, Option } from 'commander';
import { SahelError } from '../../../src-shared/errors.js';
import { DataDirLockedError } from '../../platform/lock.js';
import { APP_VERSION } from '../../platform/version.js';
import { DatabaseDamagedError, DatabaseTooNewError } from '../../store/database.js';
import { registerChatCommand } from './commands/chat.js';
import { registerContractsCommands } from './commands/contracts.js';
import { registerDevnetCommands } from './commands/devnet.js';
import { registerModelsCommands } from './commands/models.js';
import { registerNetworkCommands } from './commands/network.js';
import { serveCommand } from './commands/serve.js';
import { startCommand } from './commands/start.js';
import { statusCommand } from './commands/status.js';
import { registerVaultCommands } from './commands/vault.js';
import { registerWalletCommands } from './commands/wallet.js';
import { buildContext, type CliContext, type GlobalFlags } from './context.js';
import { CliError, EXIT, UsageError } from './output.js';

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
    .action((flags) => serveCommand(ctx(), flags));

  program
    .command('start')
    .description('open the desktop window, or the headless server where Electron cannot run')
    .addOption(portOpt())
    .addOption(hostOpt())
    .option('--headless', 'skip the window and serve in the browser')
    .option('--no-fetch-electron', "never try to download Electron's binary")
    .action((flags) => startCommand(ctx(), flags, env));

  program
    .command('status')
    .description('what the running Sahel (app or serve) is doing')
    .action(() => statusCommand(ctx()));

  registerVaultCommands(program, ctx);
  registerWalletCommands(program, ctx);
  registerModelsCommands(program, ctx);
  registerChatCommand(program, ctx);
  registerNetworkCommands(program, ctx);
  registerContractsCommands(program, ctx);
  registerDevnetCommands(program, ctx);

  try {
    await program.parseAsync(argv, { from: 'user' });
    return Number(process.exitCode ?? EXIT.ok);
  } catch (err) {
    return report(err);
  }
}

function report(err: unknown): number {
  if (err instanceof CommanderError) {
    // Help and version exit through here too, with code 0; commander already printed them.
    return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (err instanceof UsageError) {
    process.stderr.write(`sahel: ${err.message}\n`);
    return EXIT.usage;
  }
  const known =
    err instanceof CliError ||
    err instanceof DataDirLockedError ||
    err instanceof DatabaseTooNewError ||
    err instanceof DatabaseDamagedError ||
    SahelError.is(err);
  const message = known
    ? (err as Error).message
    : (fileErrorSentence(err) ?? `unexpected error: ${(err as Error)?.message ?? String(err)}`);
  process.stderr.write(`sahel: ${message.split('\n')[0]}\n`);
  return EXIT.failure;
}

/** A file-system failure no command caught, as a sentence naming the path instead of a raw errno. */
function fileErrorSentence(err: unknown): string | undefined {
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
