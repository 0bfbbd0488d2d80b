import { z } from 'zod';
import {
  ChatId,
  ChatMessage,
  ChatReadiness,
  ChatSearchHit,
  ChatTurn,
  Conversation,
  Memory,
  Persona,
  SamplingPatch,
} from '../../domain/chat.js';
import { procedure } from '../define.js';
import { NoInput } from './app.js';

const Text = z
  .string()
  .trim()
  .min(1)
  .max(32 * 1024);
const Title = z.string().trim().min(1).max(200);
/** Upper bound of the reply's length in tokens; the engine lowers it to what the context leaves. */
const MaxTokens = z
  .number()
  .int()
  .min(1)
  .max(32 * 1024)
  .optional();
const MemoryText = z.string().trim().min(1).max(1000);
/** Ids of rows whose sealed bytes are damaged: left on disk untouched and skipped, so the rest is usable. */
const Unreadable = z.array(z.string()).optional();

/**
 * Chat with the local model. Every turn (send, regenerate, edit) streams 'chat.started', then
 * 'chat.token' pieces, then 'chat.done'; the procedure resolves with the same ChatTurn as 'chat.done'.
 * History, persona and memories are sealed with the vault's keys: everything but `readiness` fails with
 * LOCKED while the vault is locked.
 */
export const chatService = {
  readiness: procedure(NoInput, ChatReadiness, 'Whether chat can answer now (a model loaded), and why not.'),
  list: procedure(
    z.strictObject({
      /** From the previous page's `nextCursor`; null: the most recent first. */
      cursor: z.string().max(40).nullable().default(null),
      limit: z.number().int().min(1).max(200).default(50),
    }),
    z.object({
      conversations: z.array(Conversation),
      nextCursor: z.string().nullable(),
      unreadable: Unreadable,
    }),
    'Conversations, most recently active first, one page at a time.',
  ),
  get: procedure(
    z.strictObject({ id: ChatId }),
    z.object({ conversation: Conversation, messages: z.array(ChatMessage), unreadable: Unreadable }),
    'One conversation with all its messages (notices included).',
  ),
  create: procedure(
    z.strictObject({ title: Title.optional() }),
    Conversation,
    'Starts an empty conversation (send with conversationId null does this too).',
  ),
  send: procedure(
    z.strictObject({
      /** null: a new conversation, titled from the text. */
      conversationId: ChatId.nullable().default(null),
      text: Text,
      /** A model to use for this turn (the model manager's id); absent: the loaded one. */
      model: z.string().min(1).max(4096).optional(),
      maxTokens: MaxTokens,
      /** Sampling for this conversation from now on (kept with it, like setSampling). */
      sampling: SamplingPatch.optional(),
      /** Ground the answer in the vault's documents, with citations (when retrieval is available). */
      useVault: z.boolean().default(true),
      /** Let the agent act: it may call its tools, each decided by the policy (Agent page). */
      agent: z.boolean().default(false),
    }),
    ChatTurn,
    'Sends a message and streams the reply; resolves when the reply ends (or is stopped).',
  ),
  stop: procedure(
    z.strictObject({ conversationId: ChatId }),
    z.object({ stopped: z.boolean() }),
    'Stops the reply being written in a conversation; the text so far is kept.',
  ),
  regenerate: procedure(
    z.strictObject({
      conversationId: ChatId,
      maxTokens: MaxTokens,
      /** Absent: a fresh random seed, so the new reply differs (at a temperature above 0). */
      seed: z.number().int().min(0).max(0xffffffff).optional(),
    }),
    ChatTurn,
    'Replaces the last reply with a new one, written with a new seed unless one is given.',
  ),
  setSampling: procedure(
    z.strictObject({
      conversationId: ChatId,
      /** Replaces the conversation's choices; {} goes back to the defaults in Settings. */
      sampling: SamplingPatch,
    }),
    Conversation,
    "Sets a conversation's sampling: temperature, top-p, max tokens and seed.",
  ),
  edit: procedure(
    z.strictObject({ conversationId: ChatId, messageId: ChatId, text: Text, maxTokens: MaxTokens }),
    ChatTurn,
    'Changes a user message and answers it again; the messages after it are replaced (no branches).',
  ),
  rename: procedure(z.strictObject({ id: ChatId, title: Title }), Conversation, 'Renames a conversation.'),
  remove: procedure(
    z.strictObject({ id: ChatId }),
    z.object({ removed: z.boolean() }),
    'Deletes a conversation and its messages.',
  ),
  search: procedure(
    z.strictObject({ query: z.string().max(500), limit: z.number().int().min(1).max(100).default(20) }),
    z.object({ hits: z.array(ChatSearchHit) }),
    'Full-text search over titles and messages (an in-memory index, built after unlock).',
  ),
  persona: procedure(NoInput, Persona, 'Who the agent is: name, tone, instructions.'),
  setPersona: procedure(z.strictObject(Persona.shape), Persona, 'Changes the persona.'),
  memories: procedure(
    NoInput,
    z.object({ memories: z.array(Memory), unreadable: Unreadable }),
    'What the agent remembers about the user.',
  ),
  addMemory: procedure(z.strictObject({ text: MemoryText }), Memory, 'Adds a memory by hand.'),
  updateMemory: procedure(z.strictObject({ id: ChatId, text: MemoryText }), Memory, 'Edits a memory.'),
  removeMemory: procedure(
    z.strictObject({ id: ChatId }),
    z.object({ removed: z.boolean() }),
    'Forgets a memory.',
  ),
} as const;
