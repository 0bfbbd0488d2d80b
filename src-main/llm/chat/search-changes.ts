import type { ChatChange, ChatRepo } from '../../store/index.js';
import type { ChatHistory } from './history.js';
import type { ChatSearchIndex } from './search.js';

/**
 * Applies up to `limit` entries of the change log after `after` to the index, in one transaction.
 * Each id is re-read as it is now, so one pass per id is enough whatever happened to it in between;
 * a row that is gone leaves the index, a damaged one is left out. Returns the rows read and the last
 * seq applied (`after` when there were none).
 */
export function applyChanges(
  ix: ChatSearchIndex,
  repo: ChatRepo,
  history: ChatHistory,
  after: number,
  limit: number,
): { read: number; last: number } {
  const rows = repo.changesAfter(after, limit);
  const last = rows.at(-1);
  if (!last) return { read: 0, last: after };
  const touched = new Map<string, ChatChange>();
  for (const c of rows) touched.set(`${c.conversationId}/${c.messageId ?? ''}`, c);
  ix.batch(() => {
    for (const c of touched.values()) apply(ix, repo, history, c);
  });
  return { read: rows.length, last: last.seq };
}

/** A conversation's title, or null when it is gone or damaged (then it is not shown). */
export function titleOf(history: ChatHistory, conversationId: string): string | null {
  return readOrSkip(() => history.get(conversationId).title);
}

function apply(ix: ChatSearchIndex, repo: ChatRepo, history: ChatHistory, c: ChatChange): void {
  const { conversationId, messageId } = c;
  if (messageId === null) {
    const title = titleOf(history, conversationId);
    if (title === null) ix.removeConversation(conversationId);
    else ix.setTitle(conversationId, title);
    return;
  }
  ix.removeMessages(conversationId, [messageId]);
  const row = repo.message(conversationId, messageId);
  if (!row) return;
  const text = readOrSkip(() => history.openMessage(row.id, conversationId, row.body).text);
  if (text !== null) ix.add([{ conversationId, messageId, text }]);
}

function readOrSkip(read: () => string): string | null {
  try {
    return read();
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'NOT_FOUND' || code === 'CORRUPT') return null;
    throw err;
  }
}
