import { z } from 'zod';
import { AgentStep } from './agent-steps.js';

/** Ids of conversations, messages and memories: 32 hex characters, like vault items. */
export const ChatId = z.string().regex(/^[0-9a-f]{32}$/, 'a chat id');
export type ChatId = z.infer<typeof ChatId>;

/** A vault item a reply drew on: shown under the reply as its source. */
export const Citation = z.object({
  /** The number the reply uses for it: "[1]". */
  n: z.number().int().positive(),
  itemId: z.string(),
  itemName: z.string(),
  /** The passage the model was given (trimmed). */
  excerpt: z.string(),
});
export type Citation = z.infer<typeof Citation>;

/**
 * A bought vault item that retrieval left out of a reply because the licence it was bought under has
 * ended (and the question matched it): shown under the reply, so a missing answer says why.
 */
export const UnsearchedItem = z.object({
  itemId: z.string(),
  itemName: z.string(),
  /** When its licence ended (ISO). */
  expiresAt: z.string(),
});
export type UnsearchedItem = z.infer<typeof UnsearchedItem>;

/** The line shown under a reply for the bought items left out of it. */
export function unsearchedNotice(items: readonly UnsearchedItem[]): string {
  const dates = [...new Set(items.map((i) => i.expiresAt.slice(0, 10)))].sort();
  const one = items.length === 1;
  return `${items.length} ${one ? 'dataset' : 'datasets'} you bought ${one ? 'was' : 'were'} not searched: ${one ? 'its licence' : 'their licences'} expired on ${dates.join(', ')}`;
}

/**
 * One entry of a conversation. 'notice' entries are written by Sahel, never by a person or the model:
 * they tell the user something happened to the conversation (older turns dropped to fit the context)
 * and are never sent to the model.
 */
export const ChatRole = z.enum(['user', 'assistant', 'notice']);
export type ChatRole = z.infer<typeof ChatRole>;

/**
 * How an assistant message ended: 'done' (the model finished or hit the length limit), 'stopped' (the
 * user pressed stop; the text so far is kept), 'failed' (the engine failed; `error` says why).
 */
export const ReplyStatus = z.enum(['done', 'stopped', 'failed']);
export type ReplyStatus = z.infer<typeof ReplyStatus>;

/**
 * How replies are sampled. Temperature 0 is greedy: the same reply every time; above it, the seed
 * decides which of the likely replies comes, so the same seed gives the same reply again.
 */
export const Sampling = z.object({
  temperature: z.number().min(0).max(2),
  /** Nucleus sampling: only the most likely tokens whose probabilities add up to this are drawn from. */
  topP: z.number().gt(0).max(1),
  /** Upper bound of a reply's length in tokens; the engine lowers it to what the context leaves. */
  maxTokens: z
    .number()
    .int()
    .min(1)
    .max(32 * 1024),
  /** null: a fresh random seed for every reply (and always a fresh one on regenerate). */
  seed: z.number().int().min(0).max(0xffffffff).nullable(),
});
export type Sampling = z.infer<typeof Sampling>;
/** A conversation's own choices; what it leaves out comes from Settings. */
export const SamplingPatch = Sampling.partial();
export type SamplingPatch = z.infer<typeof SamplingPatch>;

export const ChatMessage = z.object({
  id: ChatId,
  conversationId: ChatId,
  role: ChatRole,
  text: z.string(),
  createdAt: z.string(),
  /** Assistant messages only. */
  status: ReplyStatus.optional(),
  error: z.string().optional(),
  citations: z.array(Citation).optional(),
  /** Assistant messages: bought items the question matched but retrieval left out (licence ended). */
  unsearched: z.array(UnsearchedItem).optional(),
  /** Notices about dropped turns: how many earlier messages the model no longer sees. */
  dropped: z.number().int().nonnegative().optional(),
  /** Assistant messages: which model wrote it (its path or id), and generation figures. */
  model: z.string().optional(),
  tokens: z.number().int().nonnegative().optional(),
  /** Assistant messages: the sampling the reply was written with (the seed reproduces it). */
  sampling: Sampling.optional(),
  /** An agent's reply: what it looked up, proposed, was allowed or refused, step by step. */
  steps: z.array(AgentStep).optional(),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

export const Conversation = z.object({
  id: ChatId,
  title: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Messages of every role, notices included. */
  messageCount: z.number().int().nonnegative(),
  /**
   * How many of the oldest messages the model no longer sees because they did not fit its context
   * (0: it sees everything). Each drop is also a 'notice' message in the conversation.
   */
  droppedMessages: z.number().int().nonnegative(),
  /** This conversation's sampling, over the defaults in Settings (absent: all defaults). */
  sampling: SamplingPatch.optional(),
});
export type Conversation = z.infer<typeof Conversation>;

export const ChatSearchHit = z.object({
  conversationId: ChatId,
  /** The message that matched; null when the conversation's title did. */
  messageId: ChatId.nullable(),
  title: z.string(),
  /** Around the match, matched words between MATCH_START and MATCH_END (src-shared/domain/vault.ts). */
  snippet: z.string(),
});
export type ChatSearchHit = z.infer<typeof ChatSearchHit>;

/** Who the agent is: edited by the user, sealed at rest, part of every system prompt. */
export const Persona = z.object({
  name: z.string().trim().min(1).max(80),
  tone: z.string().trim().max(200),
  instructions: z.string().max(8000),
});
export type Persona = z.infer<typeof Persona>;

export const DEFAULT_PERSONA: Persona = {
  name: 'Sahel',
  tone: 'friendly and concise',
  instructions: '',
};

/** A fact about the user the agent keeps ("prefers metric units"); sealed at rest. */
export const Memory = z.object({
  id: ChatId,
  text: z.string().min(1).max(1000),
  /**
   * 'user' typed it; 'chat' was extracted from a conversation (only with the consent setting on);
   * 'agent' the agent kept with its memory_remember tool — possibly repeating what a document or a
   * listing said, so chat's prompt shows it apart, as the agent's note.
   */
  source: z.enum(['user', 'chat', 'agent']),
  conversationId: ChatId.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Memory = z.infer<typeof Memory>;

/**
 * Conversation search after unlock: 'loading' (opening the sealed snapshot; search waits),
 * 'catching-up' (search answers from the snapshot while `pending` later changes are applied),
 * 'building' (no usable snapshot: indexing every message; search waits), 'ready', 'failed', 'locked'.
 */
export const ChatSearchReadiness = z.object({
  state: z.enum(['locked', 'loading', 'catching-up', 'building', 'ready', 'failed']),
  pending: z.number().int().nonnegative(),
});
export type ChatSearchReadiness = z.infer<typeof ChatSearchReadiness>;

/** Whether chat can answer now, and if not, why (for the UI to say). */
export const ChatReadiness = z.object({
  ready: z.boolean(),
  /** 'engine' (the local model) or 'scripted' (tests and demos: fixed outputs from a file). */
  provider: z.enum(['engine', 'scripted']),
  model: z.string().nullable(),
  reason: z.string().nullable(),
  /** Where conversation search stands (absent from owners that predate it). */
  search: ChatSearchReadiness.optional(),
});
export type ChatReadiness = z.infer<typeof ChatReadiness>;

/** What a turn (send, regenerate, edit) produced: the messages added, the reply last. */
export const ChatTurn = z.object({
  conversation: Conversation,
  /** The user message sent (absent for regenerate), any notice, then the assistant reply. */
  added: z.array(ChatMessage),
  reply: ChatMessage,
});
export type ChatTurn = z.infer<typeof ChatTurn>;

/** Streamed while a reply is written: a piece of text to append to the message `messageId`. */
export const ChatTokenEvent = z.object({
  conversationId: ChatId,
  messageId: ChatId,
  text: z.string(),
  /**
   * An agent's reply only: the model turn (1-based) the piece belongs to. Each turn's text streams as
   * the model writes it; a turn that went on to call tools was not the answer (its text is in the
   * steps, as the agent's claim), so a piece of a later turn starts the reply's text again.
   */
  turn: z.number().int().min(1).optional(),
});
export type ChatTokenEvent = z.infer<typeof ChatTokenEvent>;

/** Streamed while an agent's reply is worked out: one step to add to the message `messageId`. */
export const ChatStepEvent = z.object({
  conversationId: ChatId,
  messageId: ChatId,
  step: AgentStep,
});
export type ChatStepEvent = z.infer<typeof ChatStepEvent>;
