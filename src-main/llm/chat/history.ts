import { randomBytes } from 'node:crypto';
import { ChatMessage, Conversation, type SamplingPatch } from '../../../src-shared/domain/chat.js';
import { SahelError } from '../../../src-shared/errors.js';
import type { ChatRepo, SealedMessageRow } from '../../store/index.js';
import type { Sealer } from './sealed.js';

const CONV = 'chat.conversation';
const MSG = 'chat.message';
const ConvBody = Conversation.omit({ id: true });
const MsgBody = ChatMessage.omit({ id: true, conversationId: true });

export function newId(): string {
  return randomBytes(16).toString('hex');
}

/** Conversations and their messages, sealed row by row; this is the only code that reads them. */
export class ChatHistory {
  constructor(
    private readonly repo: ChatRepo,
    private readonly sealer: Sealer,
  ) {}

  page(
    cursor: string | null,
    limit: number,
  ): { conversations: Conversation[]; nextCursor: string | null; unreadable: string[] } {
    const before = cursor === null ? null : Number.parseInt(cursor, 10);
    if (before !== null && !(Number.isSafeInteger(before) && before > 0)) {
      throw new SahelError('BAD_INPUT', 'Not a cursor from a previous page');
    }
    const rows = this.repo.conversations(before, limit + 1);
    const page = rows.slice(0, limit);
    const { opened: conversations, unreadable } = this.openConversations(page);
    if (page.length === 0) this.sealer.seal(CONV, 'probe', null); // locked: LOCKED, even when empty
    return {
      conversations,
      nextCursor: rows.length > limit ? String(page.at(-1)?.seq) : null,
      unreadable,
    };
  }

  /** Every conversation (building the search index); damaged ones are left out. */
  all(): Conversation[] {
    return this.openConversations(this.repo.allConversations()).opened;
  }

  get(id: string): Conversation {
    const row = this.repo.conversation(id);
    if (!row) {
      this.sealer.seal(CONV, id, null);
      throw new SahelError('NOT_FOUND', 'No such conversation');
    }
    return { id, ...this.sealer.open(CONV, id, row.body, ConvBody) };
  }

  messages(conversationId: string): ChatMessage[] {
    return this.messagesOf(conversationId).messages;
  }

  /** A conversation's messages, and the ids of those whose sealed row is damaged (left aside on disk). */
  messagesOf(conversationId: string): { messages: ChatMessage[]; unreadable: string[] } {
    const messages: ChatMessage[] = [];
    const unreadable: string[] = [];
    for (const r of this.repo.messages(conversationId)) {
      const body = this.sealer.openOrSkip(MSG, messageKey(conversationId, r.id), r.body, MsgBody);
      if (body) messages.push({ id: r.id, conversationId, ...body });
      else unreadable.push(r.id);
    }
    return { messages, unreadable };
  }

  /** Sealed message rows in batches, for building the search index. */
  rawMessages(): Generator<SealedMessageRow[]> {
    return this.repo.allMessages();
  }

  openMessage(id: string, conversationId: string, body: Uint8Array): ChatMessage {
    return { id, conversationId, ...this.sealer.open(MSG, messageKey(conversationId, id), body, MsgBody) };
  }

  create(title: string): Conversation {
    const now = new Date().toISOString();
    const c: Conversation = {
      id: newId(),
      title,
      createdAt: now,
      updatedAt: now,
      messageCount: 0,
      droppedMessages: 0,
    };
    this.repo.putConversation(c.id, this.sealConv(c));
    return c;
  }

  /** Renames without moving it up the list. */
  rename(id: string, title: string): Conversation {
    const c = { ...this.get(id), title };
    this.repo.updateConversation(id, this.sealConv(c));
    return c;
  }

  /** Sets the conversation's sampling without moving it up the list. */
  setSampling(id: string, sampling: SamplingPatch): Conversation {
    const c = { ...this.get(id), sampling };
    this.repo.updateConversation(id, this.sealConv(c));
    return c;
  }

  remove(id: string): boolean {
    this.get(id);
    return this.repo.deleteConversation(id);
  }

  /**
   * Stores a step of a conversation atomically: the conversation (moved to the top), new or changed
   * messages, and messages removed (regenerate, edit).
   */
  save(conversation: Conversation, put: ChatMessage[], remove: string[] = []): Conversation {
    const c = { ...conversation, updatedAt: new Date().toISOString() };
    this.repo.saveTurn(
      { id: c.id, body: this.sealConv(c) },
      put.map((m) => {
        const { id, conversationId: _c, ...body } = ChatMessage.parse(m);
        return { id, body: this.sealer.seal(MSG, messageKey(c.id, id), body) };
      }),
      remove,
    );
    return c;
  }

  private openConversations(rows: { id: string; body: Uint8Array }[]): {
    opened: Conversation[];
    unreadable: string[];
  } {
    const opened: Conversation[] = [];
    const unreadable: string[] = [];
    for (const r of rows) {
      const body = this.sealer.openOrSkip(CONV, r.id, r.body, ConvBody);
      if (body) opened.push({ id: r.id, ...body });
      else unreadable.push(r.id);
    }
    return { opened, unreadable };
  }

  private sealConv(c: Conversation): Buffer {
    const { id, ...body } = c;
    return this.sealer.seal(CONV, id, body);
  }
}

/** A message is bound to its conversation too, so rows cannot be moved between conversations. */
function messageKey(conversationId: string, id: string): string {
  return `${conversationId}/${id}`;
}
