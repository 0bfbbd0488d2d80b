import type { ActToolName } from '../../../src-shared/domain/agent.js';
import { formatUnits } from '../../../src-shared/domain/amount.js';
import { untrustedLine } from '../../../src-shared/untrusted-text.js';
import type { ActionProposal, CallContext } from '../ports.js';
import type { ToolArgs } from './definitions.js';
import { executeOnce } from './execute-once.js';
import { buyProposal, publishProposal } from './market-acts.js';
import { describeMove, movesOf } from './moves.js';
import type { ActPorts } from './ports.js';
import { tasksOf } from './read-tools.js';

// The act tools: each prepares what its call would do (simulated by the pipeline, planned by the
// market) and returns it as a proposal for the gate; nothing is done until the gate calls execute.

export type ActTools = {
  [N in ActToolName]: (args: ToolArgs<N>, ctx: CallContext) => Promise<ActionProposal>;
};

export function actTools(p: ActPorts): ActTools {
  const now = p.now ?? Date.now;
  return {
    wallet_send: (args) => sendProposal(p, args, now),
    market_buy: (args) => buyProposal(p, args, now),
    market_publish: (args) => publishProposal(p, args, now),
    memory_remember: async (args, ctx) => ({
      tool: 'memory_remember',
      arguments: { ...args },
      summary: `Remember: "${untrustedLine(args.text, 200)}"`,
      moves: [],
      reviews: [],
      sharesData: false,
      execute: async () => {
        p.memories.add(args.text, ctx.conversationId);
        return 'Remembered.';
      },
    }),
    tasks_schedule: async (args) => {
      const tasks = tasksOf(p);
      // Read now, so a `when` that cannot be scheduled fails as the call's result, before any proposal.
      const reads = tasks.readWhen(args.when);
      return {
        tool: 'tasks_schedule',
        arguments: { ...args },
        summary: `Schedule, paused for you to review: "${untrustedLine(args.task, 200)}" (${reads})`,
        moves: [],
        reviews: [],
        sharesData: false,
        execute: async () => {
          const { id } = tasks.addPaused(args.task, args.when);
          return `Task ${id} was added paused, with no tools and no budget: the user reviews it and resumes it (sahel tasks resume ${id}).`;
        },
      };
    },
  };
}

/**
 * A transfer from the wallet: the moves are the simulation's outflows, whatever the arguments said.
 * A review that expired while the user decided is prepared again, and refused if it moves more.
 */
async function sendProposal(
  p: ActPorts,
  args: ToolArgs<'wallet_send'>,
  now: () => number,
): Promise<ActionProposal> {
  const request = { to: args.to, amount: args.amount, token: args.token };
  const prepared = async () => {
    const review = await p.wallet.prepareTransfer(request);
    return { review, id: review.reviewId, expiresAt: review.expiresAt, moves: movesOf([review]) };
  };
  const first = await prepared();
  const moves = first.moves.map((m) => describeMove(m)).join(', ') || 'nothing';
  return {
    tool: 'wallet_send',
    arguments: { ...args },
    summary: `Send ${moves} (fee at most ${formatUnits(BigInt(first.review.effects.maxFee), 18)} ETH)`,
    moves: first.moves,
    reviews: [first.review],
    sharesData: false,
    execute: executeOnce({
      first,
      now,
      again: prepared,
      confirm: async (id) => `Sent: transaction ${await p.wallet.confirm(id)} is confirmed (${moves}).`,
    }),
  };
}
