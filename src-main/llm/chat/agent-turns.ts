import type { AgentStep, LoopStop } from '../../../src-shared/domain/agent-steps.js';
import type { ChatMessage } from '../../../src-shared/domain/chat.js';
import { SahelError } from '../../../src-shared/errors.js';
import type { ConversationMessage } from '../engine/protocol.js';
import type { ProviderResult, TurnHandle } from '../providers/provider.js';

// The agent's tool-using turn as chat needs it. The agent layer (built above llm) implements it and
// core.ts hands it in, so a conversation can be answered by the agent without llm knowing the agent.

export interface AgentTurnRequest {
  conversationId: string;
  /** The user's message to answer. */
  text: string;
  /** What the model sees of the conversation before it (no system prompt, no notices). */
  history: ConversationMessage[];
  /** The user's instructions for their agent (the persona), for the system prompt. */
  persona: string;
  maxTokens: number;
  signal: AbortSignal;
  onStep(step: AgentStep): void;
  /** A piece of the text of model turn `turn` (1-based), as it is written. */
  onToken(text: string, turn: number): void;
}

export interface AgentTurnAnswer {
  text: string;
  stop: LoopStop;
  steps: AgentStep[];
  model: string;
  tokens: number;
}

export interface AgentTurns {
  run(request: AgentTurnRequest): Promise<AgentTurnAnswer>;
}

/**
 * The agent's answer to the last user message of `seen`, as a reply handle like the engine's: its
 * steps go to `onStep` and are kept with the reply; each model turn's text streams to `onToken` as it
 * is written, with its turn (a turn that then calls tools was not the answer: the next turn's text
 * replaces it), and the reply keeps the answer. `cancel` stops the loop; no tool runs after it.
 */
export function agentReply(
  agent: AgentTurns,
  t: {
    conversationId: string;
    seen: ChatMessage[];
    reply: ChatMessage;
    maxTokens: number;
    persona: string;
    onStep(step: AgentStep): void;
    onToken(text: string, turn: number): void;
  },
): TurnHandle {
  const last = t.seen.at(-1);
  if (last?.role !== 'user') throw new SahelError('BAD_INPUT', 'There is no message for the agent to answer');
  const stop = new AbortController();
  const steps: AgentStep[] = [];
  t.reply.steps = steps;
  const done = agent
    .run({
      conversationId: t.conversationId,
      text: last.text,
      history: t.seen.slice(0, -1).map((m) => ({ role: m.role as 'user' | 'assistant', content: m.text })),
      persona: t.persona,
      maxTokens: t.maxTokens,
      signal: stop.signal,
      onStep: (step) => {
        steps.push(step);
        t.onStep(step);
      },
      onToken: t.onToken,
    })
    .then((a): ProviderResult => {
      if (a.stop === 'failed') throw new SahelError('UNAVAILABLE', a.text || 'The model failed');
      t.reply.text = a.text;
      return {
        reason: a.stop === 'stopped' ? 'cancelled' : 'stop',
        tokens: a.tokens,
        dropped: 0,
        model: a.model,
        promptTokens: 0,
        reusedTokens: 0,
        ttftMs: 0,
      };
    });
  return { done, cancel: () => stop.abort() };
}
