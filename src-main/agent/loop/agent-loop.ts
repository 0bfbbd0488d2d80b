import type { PolicySettings, ToolName } from '../../../src-shared/domain/agent.js';
import type { AgentStep, LoopStop } from '../../../src-shared/domain/agent-steps.js';
import type {
  ChatProvider,
  ConversationMessage,
  ToolCall,
  ToolChoice,
  ToolTurnResult,
} from '../../llm/index.js';
import type { AgentGate, CallContext } from '../ports.js';
import type { Toolbox } from '../tools/toolbox.js';
import { type CallOutcome, type CallScope, handleCall, refuse } from './call.js';
import { capped, fenceResult } from './fence.js';
import { type ActivePersona, agentSystemPrompt } from './system-prompt.js';

export interface AgentLoopDeps {
  provider: Pick<ChatProvider, 'toolTurn'>;
  gate: AgentGate;
  tools: Toolbox;
  /** Read for each message, so a change of the limits applies to the next one. */
  limits: () => Pick<PolicySettings, 'maxSteps' | 'maxToolCalls'>;
}

export interface AgentMessage {
  text: string;
  conversationId: string | null;
  /** A delegated task's id (its budget applies); null or absent in chat. */
  taskId?: string | null;
  /**
   * A delegated task's tool scope: the model is given only these tools and a call to another is
   * refused, whatever the text it read says. Absent (chat): every tool.
   */
  tools?: readonly ToolName[];
  /** Earlier messages of the conversation, without the system prompt. */
  history?: ConversationMessage[];
  /** The user's own instructions for their agent (persona), added to the system prompt. */
  persona?: string;
  /**
   * The active installed persona (an agent package): its prompt after Sahel's rules, and only its
   * tools offered and run. Absent or null: every tool.
   */
  installed?: ActivePersona | null;
  /** How the first turn may call tools ('auto' by default); later turns are 'auto'. */
  toolChoice?: ToolChoice;
  /** Tokens per model turn. */
  maxTokens?: number;
  signal?: AbortSignal;
  onStep?(step: AgentStep): void;
  /** A piece of model turn `turn`'s text as it is written (a turn that calls tools is not the answer). */
  onToken?(text: string, turn: number): void;
}

export interface AgentReply {
  text: string;
  stop: LoopStop;
  /** This message's part of the conversation: the user's message, each turn, each result. */
  messages: ConversationMessage[];
  steps: AgentStep[];
}

const DEFAULT_MAX_TOKENS = 1024;
const MAX_CLAIM = 2_000;

/**
 * The tool-calling loop for one user message: the model's turn → each call through the gate → the
 * results back as fenced data → the model's next turn, until it answers. Bounded by the policy's
 * turns and calls per message (then one last turn without tools); a failed call is not run again
 * with the same arguments; the signal stops it between and during turns, and no tool runs after.
 */
export async function runAgentTurn(d: AgentLoopDeps, m: AgentMessage): Promise<AgentReply> {
  const limits = d.limits();
  const steps: AgentStep[] = [];
  const emit = (s: AgentStep) => {
    steps.push(s);
    m.onStep?.(s);
  };
  const start: ConversationMessage[] = [
    { role: 'system', content: agentSystemPrompt(m.persona, m.installed ?? null) },
    ...(m.history ?? []),
    { role: 'user', content: m.text },
  ];
  const messages = [...start];
  const failed = new Map<string, string>();
  let calls = 0;
  let turn = 0;
  /** A limit was reached: the next turn is the last, without tools. */
  let final = false;
  const stopped = () => m.signal?.aborted === true;
  const reply = (text: string, stop: LoopStop): AgentReply => {
    emit({ kind: 'answer', turn: Math.max(turn, 1), callId: null, text, stop });
    return { text, stop, messages: messages.slice(start.length - 1), steps };
  };

  for (;;) {
    if (stopped()) return reply('', 'stopped');
    turn++;
    const last = final;
    const r = await take(
      d,
      m,
      messages,
      last ? 'none' : turn === 1 ? (m.toolChoice ?? 'auto') : 'auto',
      turn,
    );
    if (r === 'stopped' || r.reason === 'cancelled' || stopped()) {
      return reply(r === 'stopped' ? '' : r.text, 'stopped');
    }
    const ctx: CallContext = {
      conversationId: m.conversationId,
      taskId: m.taskId ?? null,
      claim: r.text.trim().slice(0, MAX_CLAIM),
    };
    const scope: CallScope = {
      gate: d.gate,
      tools: d.tools,
      ctx,
      turn,
      emit,
      allowed: m.installed?.tools ?? null,
    };
    if (last || r.toolCalls.length === 0) {
      // The last turn was given no tools; calls it still names (a script's) are refused, not run.
      for (const call of r.toolCalls) refuse(scope, call, call.arguments, 'turn-limit', limitWhy(limits));
      messages.push({ role: 'assistant', content: r.text });
      return reply(r.text, last ? 'turn-limit' : 'answered');
    }
    messages.push({ role: 'assistant', content: r.text, toolCalls: r.toolCalls });
    for (const call of r.toolCalls) {
      let out: CallOutcome;
      if (stopped()) {
        out = refuse(scope, call, call.arguments, 'user', 'The user stopped the agent before this call ran.');
      } else if (m.tools && !(m.tools as readonly string[]).includes(call.name)) {
        out = refuse(
          scope,
          call,
          call.arguments,
          'unknown-tool',
          `This task may not use ${call.name.slice(0, 64)}.`,
        );
      } else if (calls >= limits.maxToolCalls || turn >= limits.maxSteps) {
        final = true;
        out = refuse(scope, call, call.arguments, 'turn-limit', limitWhy(limits));
      } else {
        calls++;
        out = await once(scope, call, failed);
      }
      emit({
        kind: 'result',
        turn,
        callId: call.id,
        tool: call.name,
        ok: !out.failed,
        text: capped(out.data).shown,
      });
      messages.push({
        role: 'tool',
        toolCallId: call.id,
        content: fenceResult(call.name, out.header, out.data),
      });
    }
    // Its calls' results could only be read in a turn beyond the limit.
    if (turn >= limits.maxSteps) final = true;
  }
}

/** One model turn; cancelled when the signal fires. 'stopped': it failed because it was cancelled. */
async function take(
  d: AgentLoopDeps,
  m: AgentMessage,
  messages: ConversationMessage[],
  toolChoice: ToolChoice,
  turn: number,
): Promise<ToolTurnResult | 'stopped'> {
  const onToken = m.onToken;
  const handle = d.provider.toolTurn({
    messages: [...messages],
    // A persona narrows the tools, and a task's scope narrows them again: the model sees only both.
    tools: d.tools
      .specs(m.installed?.tools ?? null)
      .filter((t) => !m.tools || (m.tools as readonly string[]).includes(t.name)),
    toolChoice,
    maxTokens: m.maxTokens ?? DEFAULT_MAX_TOKENS,
    ...(onToken ? { onToken: (text: string) => onToken(text, turn) } : {}),
  });
  const cancel = () => handle.cancel();
  m.signal?.addEventListener('abort', cancel, { once: true });
  try {
    return await handle.done;
  } catch (err) {
    if (m.signal?.aborted) return 'stopped';
    throw err;
  } finally {
    m.signal?.removeEventListener('abort', cancel);
  }
}

/** Runs a call unless the same call (name and arguments) failed already for this message. */
async function once(s: CallScope, call: ToolCall, failed: Map<string, string>): Promise<CallOutcome> {
  const key = callKey(call);
  const before = failed.get(key);
  if (before !== undefined) {
    return refuse(
      s,
      call,
      call.arguments,
      'repeated-failure',
      `This same call failed already for this message, so it is not run again. It failed with: ${before}`,
    );
  }
  const out = await handleCall(s, call);
  if (out.failed) failed.set(key, out.data.slice(0, 500));
  return out;
}

/** The call's name and its arguments with keys sorted (the same call, however the model spaced it). */
function callKey(call: ToolCall): string {
  try {
    return `${call.name}\u0000${JSON.stringify(sorted(JSON.parse(call.arguments)))}`;
  } catch {
    return `${call.name}\u0000${call.arguments}`;
  }
}

function sorted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sorted);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, x]) => [k, sorted(x)]),
    );
  return v;
}

function limitWhy(l: Pick<PolicySettings, 'maxSteps' | 'maxToolCalls'>): string {
  return `The limit of this message is reached (at most ${l.maxSteps} turns with tools and ${l.maxToolCalls} tool calls): answer the user with what you have.`;
}
