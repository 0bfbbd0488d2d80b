import type { AgentStep } from '../../../src-shared/domain/agent-steps.js';
import type { ChatMessage, Sampling } from '../../../src-shared/domain/chat.js';
import { SahelError } from '../../../src-shared/errors.js';
import type { ChatProvider, ModelMessage, TurnHandle } from '../providers/provider.js';
import { type AgentTurns, agentReply } from './agent-turns.js';
import type { PersonaStore } from './persona.js';

/** Where a reply's pieces go (ChatService's events). */
interface ReplyEvents {
  token(e: { conversationId: string; messageId: string; text: string; turn?: number }): void;
  step?(e: { conversationId: string; messageId: string; step: AgentStep }): void;
}

// The two ways a reply is written, as a handle ChatService awaits and can cancel: the model streams a
// plain reply, or the agent answers with its tools. Each streams its text to the reply's events.

/** A plain reply: the model's tokens go into the reply's text and out as 'chat.token' as they come. */
export function plainHandle(
  events: Pick<ReplyEvents, 'token'>,
  provider: ChatProvider,
  t: {
    conversationId: string;
    messages: ModelMessage[];
    reply: ChatMessage;
    sampling: Sampling;
    wrapper: string | undefined;
  },
): TurnHandle {
  const { sampling, wrapper } = t;
  return provider.streamChat({
    conversationId: t.conversationId,
    messages: t.messages,
    maxTokens: sampling.maxTokens,
    temperature: sampling.temperature,
    topP: sampling.topP,
    ...(sampling.seed === null ? {} : { seed: sampling.seed }),
    ...(wrapper ? { chatWrapper: wrapper } : {}),
    onToken: (text) => {
      t.reply.text += text;
      events.token({ conversationId: t.conversationId, messageId: t.reply.id, text });
    },
  });
}

/**
 * The agent's reply (agentReply): its steps and each model turn's text go out as events, with the
 * user's persona for its system prompt. UNAVAILABLE when this owner has no agent.
 */
export function agentHandle(
  o: {
    agent?: () => AgentTurns | undefined;
    persona: PersonaStore;
    events: ReplyEvents;
  },
  t: { conversationId: string; seen: ChatMessage[]; reply: ChatMessage; maxTokens: number },
): TurnHandle {
  const agent = o.agent?.();
  if (!agent) throw new SahelError('UNAVAILABLE', 'The agent is not available in this Sahel');
  const persona = o.persona.get();
  const { conversationId, reply } = t;
  return agentReply(agent, {
    conversationId,
    seen: t.seen,
    reply,
    maxTokens: t.maxTokens,
    persona: [persona.name, persona.tone, persona.instructions].filter(Boolean).join('\n'),
    onStep: (step) => o.events.step?.({ conversationId, messageId: reply.id, step }),
    onToken: (text, turn) => o.events.token({ conversationId, messageId: reply.id, text, turn }),
  });
}
