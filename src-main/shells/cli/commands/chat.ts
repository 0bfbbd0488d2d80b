import { createInterface } from 'node:readline/promises';
import { type Command, Option } from 'commander';
import { onEvent } from '../../../../src-shared/api/client.js';
import type { SahelClient } from '../../../../src-shared/api/contract.js';
import type { AgentStep } from '../../../../src-shared/domain/agent-steps.js';
import { type ChatTurn, SamplingPatch, unsearchedNotice } from '../../../../src-shared/domain/chat.js';
import { claimInterrupt } from '../../../platform/index.js';
import type { Connection } from '../connect.js';
import type { CliContext } from '../context.js';
import { CliError, printable, UsageError } from '../output.js';
import { SUMMARY } from './summaries.js';
import { type VaultPassFlags, withUnlockedVault } from './vault-session.js';

interface ChatFlags extends VaultPassFlags {
  model?: string;
  conversation?: string;
  maxTokens?: string;
  temperature?: string;
  topP?: string;
  seed?: string;
  vault?: boolean;
  agent?: boolean;
}

const CHAT_ID = /^[0-9a-f]{32}$/;

/** `sahel chat [--model <id>] [message]`: one message, or a conversation at the terminal. */
export function registerChatCommand(program: Command, ctx: () => CliContext): void {
  program
    .command('chat')
    .description(SUMMARY.chat)
    .argument('[message...]', 'the message to send; omitted: an interactive conversation')
    .option('--model <id>', 'load this installed model first (sahel models list)')
    .option('--conversation <id>', 'continue a conversation instead of starting one')
    .option('--max-tokens <n>', 'the longest reply, in tokens')
    .option(
      '--temperature <t>',
      'sampling temperature, 0–2 (0: the same reply every time); kept with the conversation',
    )
    .option('--top-p <p>', 'nucleus sampling, above 0 up to 1; kept with the conversation')
    .option(
      '--seed <n>',
      'a fixed seed, 0–4294967295 (the same seed gives the same reply); kept with the conversation',
    )
    .option('--no-vault', "do not ground answers in the vault's documents")
    .option(
      '--agent',
      'let the agent act with its tools; payments and publishing follow `sahel agent policy` and wait for `sahel agent approve`',
    )
    .addOption(
      new Option(
        '--passphrase-file <file>',
        'file holding the vault passphrase (chat history is sealed in it)',
      ),
    )
    .action((words: string[], flags: ChatFlags) => chatCommand(ctx(), words.join(' ').trim(), flags));
}

/** --temperature, --top-p and --seed as the conversation's sampling; undefined when none is given. */
function samplingFlags(flags: ChatFlags): SamplingPatch | undefined {
  const given = {
    ...(flags.temperature === undefined ? {} : { temperature: Number(flags.temperature) }),
    ...(flags.topP === undefined ? {} : { topP: Number(flags.topP) }),
    ...(flags.seed === undefined ? {} : { seed: /^\d+$/.test(flags.seed) ? Number(flags.seed) : Number.NaN }),
  };
  if (Object.keys(given).length === 0) return undefined;
  const parsed = SamplingPatch.safeParse(given);
  if (parsed.success) return parsed.data;
  const bad = String(parsed.error.issues[0]?.path[0] ?? 'temperature');
  const ranges: Record<string, string> = {
    temperature: '--temperature takes a number from 0 to 2',
    topP: '--top-p takes a number above 0, up to 1',
    seed: '--seed takes a whole number from 0 to 4294967295',
  };
  throw new UsageError(ranges[bad] ?? `Bad sampling option ${bad}`);
}

export async function chatCommand(ctx: CliContext, message: string, flags: ChatFlags): Promise<void> {
  const maxTokens = flags.maxTokens === undefined ? undefined : Number(flags.maxTokens);
  if (maxTokens !== undefined && !(Number.isInteger(maxTokens) && maxTokens > 0)) {
    throw new UsageError('--max-tokens takes a positive whole number');
  }
  const sampling = samplingFlags(flags);
  if (flags.conversation !== undefined && !CHAT_ID.test(flags.conversation)) {
    throw new UsageError(`${JSON.stringify(flags.conversation)} is not a conversation id`);
  }
  await withUnlockedVault(ctx, flags, async (client, conn) => {
    const ready = await client.chat.readiness({});
    if (!ready.ready && !flags.model) throw new CliError(ready.reason ?? 'The model is not ready');
    const session = { conversationId: flags.conversation ?? null, first: true };
    const send = async (text: string, onInterrupt: OnInterrupt = onSigint) => {
      const input = {
        conversationId: session.conversationId,
        text,
        ...(flags.model && session.first ? { model: flags.model } : {}),
        ...(maxTokens ? { maxTokens } : {}),
        ...(sampling && session.first ? { sampling } : {}),
        useVault: flags.vault !== false,
        agent: flags.agent === true,
      };
      const turn = await streamTurn(ctx, client, conn, input, onInterrupt);
      session.conversationId = turn.conversation.id;
      session.first = false;
      return turn;
    };
    if (message) {
      const turn = await send(message);
      if (turn.reply.status === 'failed') throw new CliError(turn.reply.error ?? 'The reply failed');
      return;
    }
    await interactive(ctx, {
      send,
      restart: () => {
        session.conversationId = null;
      },
    });
  });
}

type SendInput = Parameters<SahelClient['chat']['send']>[0];

/** Registers what a Ctrl-C does while a reply streams; returns the unregistering function. */
type OnInterrupt = (listener: () => void) => () => void;

/** Ctrl-C as a signal, claimed from the owner's stop handling; a second Ctrl-C stops as usual. */
const onSigint: OnInterrupt = claimInterrupt;

/** Sends one message, printing the reply as it streams (human) or the stored turn (JSON). */
async function streamTurn(
  ctx: CliContext,
  client: SahelClient,
  conn: Connection,
  input: SendInput,
  onInterrupt: OnInterrupt,
): Promise<ChatTurn> {
  let replyId: string | undefined;
  let conversationId = input.conversationId;
  // A new conversation's id is known only from its first event.
  const offStart = onEvent(conn.transport, 'chat.started', (e) => {
    if (replyId || (input.conversationId !== null && e.conversationId !== input.conversationId)) return;
    replyId = e.replyId;
    conversationId = e.conversationId;
  });
  // An agent's turns stream one after the other: a turn that called tools said what it meant to do
  // (its steps follow on stderr); the next turn's text starts on a line of its own.
  let turn: number | undefined;
  let line = false;
  const offToken = onEvent(conn.transport, 'chat.token', (e) => {
    if (ctx.out.json || e.messageId !== replyId) return;
    if (e.turn !== turn && line) process.stdout.write('\n');
    turn = e.turn;
    const text = printable(e.text);
    process.stdout.write(text);
    line = !text.endsWith('\n') && (line || text.length > 0);
  });
  // An agent's steps, one line each, on stderr: what it looked up, proposed, and what the policy decided.
  const offStep = onEvent(conn.transport, 'chat.step', (e) => {
    const line = e.messageId === replyId ? stepLine(e.step) : '';
    if (line) ctx.out.note(line);
  });
  // Ctrl-C stops the reply (the text so far is kept).
  const offInterrupt = onInterrupt(() => {
    if (conversationId) void client.chat.stop({ conversationId }).catch(() => {});
  });
  try {
    const turn = await client.chat.send(input);
    if (ctx.out.json) {
      process.stdout.write(`${JSON.stringify(turn)}\n`);
    } else {
      if (turn.reply.text && !turn.reply.text.endsWith('\n')) process.stdout.write('\n');
      for (const m of turn.added) if (m.role === 'notice') ctx.out.note(`(${m.text})`);
      for (const c of turn.reply.citations ?? []) ctx.out.note(`[${c.n}] ${c.itemName} (${c.itemId})`);
      const unsearched = turn.reply.unsearched ?? [];
      if (unsearched.length > 0) {
        ctx.out.note(`(${unsearchedNotice(unsearched)}: ${unsearched.map((u) => u.itemName).join(', ')})`);
      }
      if (turn.reply.status === 'stopped') ctx.out.note('(stopped)');
      if (turn.reply.status === 'failed') ctx.out.note(`(failed: ${turn.reply.error ?? 'unknown error'})`);
    }
    return turn;
  } finally {
    offInterrupt();
    offStart();
    offToken();
    offStep();
  }
}

function stepLine(s: AgentStep): string {
  switch (s.kind) {
    case 'lookup':
      return `[looked up ${s.tool}${s.ok ? '' : ': failed'}]`;
    case 'proposal':
      return `[proposes ${s.tool}: ${printable(s.summary)}]`;
    case 'decision':
      return `[${s.tool}: ${s.decision} (${s.rule})${s.approvalId ? `: sahel agent approve ${s.approvalId}` : ''}]`;
    case 'result':
      return `[result of ${s.tool}${s.ok ? '' : ': an error'}]`;
    case 'answer':
      return s.stop === 'answered' ? '' : `[${s.stop}]`;
  }
}

const HELP = 'Commands: /new starts a new conversation, /exit (or Ctrl-D) ends the chat, /help shows this.';

/**
 * The conversation at the terminal, or over piped lines (scripts, tests): each line is a message or
 * a command. Lines typed or piped while a reply streams wait their turn (readline's async iterator
 * queues them), and the end of stdin ends the chat after the last reply.
 */
async function interactive(
  ctx: CliContext,
  chat: { send: (text: string, onInterrupt: OnInterrupt) => Promise<ChatTurn>; restart: () => void },
): Promise<void> {
  const terminal = process.stdin.isTTY === true;
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal, prompt: '> ' });
  // At a terminal readline reads Ctrl-C itself (raw mode), so no signal reaches the process: it
  // stops the reply being written, or ends the chat when none is.
  let stopReply: (() => void) | undefined;
  rl.on('SIGINT', () => (stopReply ? stopReply() : rl.close()));
  const onInterrupt: OnInterrupt = (listener) => {
    stopReply = listener;
    const off = onSigint(listener);
    return () => {
      stopReply = undefined;
      off();
    };
  };
  if (terminal) ctx.out.note(`Chat with your local model. Ctrl-C stops a reply. ${HELP}`);
  const prompt = () => terminal && rl.prompt();
  prompt();
  try {
    for await (const raw of rl) {
      const line = raw.trim();
      if (line === '/exit' || line === '/quit') return;
      if (line === '/new') {
        chat.restart();
        ctx.out.note('(a new conversation)');
      } else if (line === '/help' || /^\/[a-z]+$/.test(line)) {
        ctx.out.note(HELP);
      } else if (line) {
        await chat.send(line, onInterrupt);
      }
      prompt();
    }
  } finally {
    rl.close();
  }
}
