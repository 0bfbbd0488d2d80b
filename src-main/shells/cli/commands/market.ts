import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerMarketBuyCommands } from './market-buy.js';
import { registerMarketEarningsCommands } from './market-earnings.js';
import { registerMarketPublishCommand } from './market-publish.js';
import { registerMarketReadCommands } from './market-read.js';
import { SUMMARY } from './summaries.js';

/** `sahel market …`: the marketplace. Returns the command so other files add their subcommands. */
export function registerMarketCommands(program: Command, ctx: () => CliContext): Command {
  const market = program.command('market').description(SUMMARY.market);
  registerMarketReadCommands(market, ctx);
  registerMarketPublishCommand(market, ctx);
  registerMarketBuyCommands(market, ctx);
  registerMarketEarningsCommands(market, ctx);
  return market;
}
