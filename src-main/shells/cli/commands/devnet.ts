import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import type { DirFlags } from './devnet-run.js';
import { SUMMARY } from './summaries.js';

// The chain code (viem, anvil) loads only when a devnet command runs.
const run = () => import('./devnet-run.js');

/**
 * `sahel devnet start|stop|status`: the devnet stand-alone, in the foreground (Ctrl-C or `sahel devnet
 * stop` saves the state and stops it). While it runs, `<dir>/network.json` is the network file other
 * data dirs join with `sahel network add <name> --contracts <that file>`; a Sahel app on the same data
 * dir joins it instead of starting its own.
 */
export function registerDevnetCommands(program: Command, ctx: () => CliContext): void {
  const devnet = program.command('devnet').description(SUMMARY.devnet);
  const dirOpt = ['--dir <dir>', 'the devnet directory (default: <data dir>/devnet)'] as const;

  devnet
    .command('start')
    .description('run the devnet in the foreground: deploy, seed, print the RPC URL and the network file')
    .option(...dirOpt)
    .option('--no-seed', 'do not register the demo assets and offers')
    .action(async (flags: DirFlags & { seed: boolean }) => (await run()).devnetStart(ctx(), flags));

  devnet
    .command('stop')
    .description('stop a devnet started with `sahel devnet start` (its state is saved)')
    .option(...dirOpt)
    .action(async (flags: DirFlags) => (await run()).devnetStop(ctx(), flags));

  devnet
    .command('status')
    .description('whether the devnet runs, where, and its contracts')
    .option(...dirOpt)
    .action(async (flags: DirFlags) => (await run()).devnetStatus(ctx(), flags));
}
