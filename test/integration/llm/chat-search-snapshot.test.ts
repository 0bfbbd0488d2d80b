import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Chat, createChat } from '../../../src-main/llm/chat/create-chat.js';
import { ChatHistory, newId } from '../../../src-main/llm/chat/history.js';
import { Sealer } from '../../../src-main/llm/chat/sealed.js';
import { ScriptedProvider } from '../../../src-main/llm/providers/scripted-provider.js';
import { createLogger } from '../../../src-main/platform/log.js';
import { ChatRepo } from '../../../src-main/store/chat-repo.js';
import type { ChatMessage, Conversation } from '../../../src-shared/domain/chat.js';
import { tempDir } from '../../support/tmp.js';
import { openTestVault } from '../../support/vault.js';

const PASS = 'a long enough test passphrase';
const SNAP = 'chat-search.snap';

interface Opened {
  chat: Chat;
  vault: ReturnType<typeof openTestVault>['vault'];
  db: ReturnType<typeof openTestVault>['db'];
  history: ChatHistory;
  /** The logged messages and fields so far (the real JSON-lines logger, into a file). */
  logged(): { msg: string; reason?: string }[];
  close(): void;
}

/** A vault and chat over `dir` (created the first time), search snapshot beside the database. */
async function open(
  dir: string,
  tuning: NonNullable<Parameters<typeof createChat>[0]['searchTuning']> = {},
): Promise<Opened> {
  const t = openTestVault(dir);
  if (readdirSync(join(dir, 'vault')).includes('keyslots.json')) await t.vault.unlock(PASS);
  else await t.vault.create(PASS);
  const logFile = join(dir, `test-${randomBytes(4).toString('hex')}.log`);
  const replies = Array.from({ length: 50 }, (_, i) => ({ reply: `reply number ${i} quokka${i}` }));
  const chat = createChat({
    db: t.db,
    vault: t.vault,
    llm: {
      engine: () => {
        throw new Error('no engine in these tests');
      },
      loaded: () => null,
      use: async () => {},
    },
    provider: new ScriptedProvider({ delayMs: 0, turns: replies, json: [] }),
    settings: () => ({}),
    log: createLogger({ file: logFile, level: 'info' }),
    events: { started() {}, token() {}, done() {}, changed() {}, memories() {} },
    searchSnapshot: join(dir, SNAP),
    searchTuning: tuning,
  });
  const history = new ChatHistory(new ChatRepo(t.db), new Sealer(t.vault));
  return {
    chat,
    vault: t.vault,
    db: t.db,
    history,
    logged: () => {
      try {
        return readFileSync(logFile, 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l));
      } catch {
        return [];
      }
    },
    close() {
      t.vault.lock();
      chat.service.onLocked();
      t.close();
    },
  };
}

/** `n` conversations of `per` messages, written sealed as the app writes them; word `w<i>x<k>` per message. */
function seed(h: ChatHistory, n: number, per: number, word = 'kestrel'): Conversation[] {
  const out: Conversation[] = [];
  for (let i = 0; i < n; i++) {
    const now = new Date().toISOString();
    const c: Conversation = {
      id: newId(),
      title: `Title ${i} ${word}title`,
      createdAt: now,
      updatedAt: now,
      messageCount: per,
      droppedMessages: 0,
    };
    const msgs: ChatMessage[] = Array.from({ length: per }, (_, k) => ({
      id: newId(),
      conversationId: c.id,
      role: k % 2 === 0 ? 'user' : 'assistant',
      text: `message ${k} of ${i} mentions ${word} and w${i}x${k}`,
      createdAt: now,
    }));
    h.save(c, msgs);
    out.push(c);
  }
  return out;
}

/** What a search finds, as comparable rows. */
async function found(chat: Chat, q: string): Promise<string[]> {
  const hits = await chat.service.search(q, 100);
  return hits.map((h) => `${h.conversationId}/${h.messageId ?? '-'}/${h.title}`).sort();
}

const QUERIES = [
  'kestrel',
  'kestreltitle',
  'quokka3',
  'renamedword',
  'editedword',
  'w1x2',
  'w2x1',
  'message',
];

async function allResults(chat: Chat): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const q of QUERIES) out[q] = await found(chat, q);
  return out;
}

describe('chat search snapshot', () => {
  it('is written sealed after the first build: no title or message text in any byte of it', async () => {
    const dir = tempDir();
    const s = await open(dir);
    const canary = `canary${randomBytes(8).toString('hex')}`;
    seed(s.history, 3, 4, canary);
    await s.chat.service.onUnlocked();
    expect(s.chat.service.readiness().search).toEqual({ state: 'ready', pending: 0 });
    // 12 messages, and 3 titles by prefix (a search matches word starts).
    expect(await found(s.chat, canary)).toHaveLength(15);
    const file = readFileSync(join(dir, SNAP));
    expect(file.subarray(0, 8).toString()).toBe('SAHELSF1');
    for (const needle of [canary, `${canary}title`, 'mentions', 'Title 1']) {
      expect(file.includes(Buffer.from(needle, 'utf8'))).toBe(false);
      expect(file.includes(Buffer.from(needle, 'utf16le'))).toBe(false);
    }
    // No plaintext temp file left beside it either.
    expect(readdirSync(dir).filter((f) => f.includes(SNAP))).toEqual([SNAP]);
    expect(s.logged().map((l) => l.msg)).toContain('chat: search snapshot written');
    s.close();
  });

  it('answers from the snapshot at once after unlock, while changes since it are caught up', async () => {
    const dir = tempDir();
    let s = await open(dir, { batch: 2, lockWriteMin: 1_000_000 });
    const convs = seed(s.history, 3, 4);
    await s.chat.service.onUnlocked();
    const before = await allResults(s.chat);
    // Changes after the snapshot, through every write path; lock does not write (lockWriteMin).
    const [c0, c1, c2] = convs as [Conversation, Conversation, Conversation];
    const turn = await s.chat.service.send({ conversationId: c0.id, text: 'a new question' });
    s.chat.service.rename(c1.id, 'Now a renamedword title');
    const m = s.chat.service.get(c0.id).messages[0] as ChatMessage;
    await s.chat.service.edit(c0.id, m.id, 'an editedword question');
    s.chat.service.remove(c2.id);
    await s.chat.service.send({ conversationId: null, text: 'brand new kestrel chat' });
    const after = await allResults(s.chat);
    expect(after).not.toEqual(before);
    expect(after.w2x1).toEqual([]);
    expect(after.renamedword).toHaveLength(1);
    expect(turn.reply.text).toContain('quokka');
    s.close();

    s = await open(dir, { batch: 2 });
    const complete = s.chat.service.onUnlocked();
    const early = await found(s.chat, 'kestreltitle');
    const readiness = s.chat.service.readiness().search;
    expect(readiness?.state).toBe('catching-up');
    expect(readiness?.pending).toBeGreaterThan(0);
    // From the snapshot: titles it held are found before the catch-up is done.
    expect(early.length).toBeGreaterThanOrEqual(2);
    await complete;
    expect(s.chat.service.readiness().search).toEqual({ state: 'ready', pending: 0 });
    expect(await allResults(s.chat)).toEqual(after);
    expect(s.logged().some((l) => l.msg === 'chat: search snapshot ignored, rebuilding')).toBe(false);
    s.close();

    // The same answers as an index rebuilt from every row.
    truncateSync(join(dir, SNAP), 0);
    s = await open(dir);
    await s.chat.service.onUnlocked();
    expect(await allResults(s.chat)).toEqual(after);
    expect(s.logged().find((l) => l.msg === 'chat: search snapshot ignored, rebuilding')?.reason).toBe(
      'format',
    );
    s.close();
  });

  it('a tampered or truncated snapshot is ignored and rebuilt, with the same results', async () => {
    const dir = tempDir();
    let s = await open(dir);
    seed(s.history, 2, 3);
    await s.chat.service.onUnlocked();
    const expected = await allResults(s.chat);
    s.close();
    const good = readFileSync(join(dir, SNAP));
    const headerEnd = 12 + good.readUInt32BE(8);
    const header = good.subarray(12, headerEnd).toString();
    const cases: [string, Buffer][] = [
      ['payload', flip(good, good.length - 100)],
      ['payload', flip(good, headerEnd + 5)],
      [
        'payload',
        Buffer.concat([
          good.subarray(0, 12),
          Buffer.from(header.replace(/"watermark":\d+/, '"watermark":0')),
          good.subarray(headerEnd),
        ]),
      ],
      ['payload', good.subarray(0, good.length - 1)],
      ['format', good.subarray(0, 10)],
      // The format before vault/sealed-file.ts (its own magic and framing): refused, then rebuilt.
      ['format', Buffer.concat([Buffer.from('SAHELCSI'), good.subarray(8)])],
      [
        'key',
        Buffer.concat([
          good.subarray(0, 12),
          Buffer.from(header.replace(/"key":"(.)/, (_, c) => `"key":"${c === 'A' ? 'B' : 'A'}`)),
          good.subarray(headerEnd),
        ]),
      ],
    ];
    for (const [reason, bytes] of cases) {
      writeFileSync(join(dir, SNAP), bytes);
      s = await open(dir);
      // Not awaited: search waits for the rebuild by itself.
      const complete = s.chat.service.onUnlocked();
      expect(await allResults(s.chat)).toEqual(expected);
      await complete;
      expect(s.logged().find((l) => l.msg === 'chat: search snapshot ignored, rebuilding')?.reason).toBe(
        reason,
      );
      s.close();
    }
  });

  it("another vault's snapshot is refused, even one made to claim this database's log", async () => {
    const a = tempDir();
    const b = tempDir();
    let s = await open(a);
    seed(s.history, 2, 2, 'alphaword');
    await s.chat.service.onUnlocked();
    const epochA = new ChatRepo(s.db).changeState().epoch;
    s.close();
    s = await open(b);
    seed(s.history, 1, 2, 'betaword');
    s.close();
    copyFileSync(join(a, SNAP), join(b, SNAP));
    s = await open(b);
    await s.chat.service.onUnlocked();
    expect(s.logged().find((l) => l.msg.includes('ignored'))?.reason).toBe('other-database');
    expect(await found(s.chat, 'alphaword')).toEqual([]);
    expect(await found(s.chat, 'betaword')).toHaveLength(3);
    s.chat.search.onLocked();
    // Same epoch as A's log: the data key, sealed by A's vault, still does not open.
    s.db.prepare('UPDATE chat_changes_state SET epoch = ?').run(epochA);
    copyFileSync(join(a, SNAP), join(b, SNAP));
    await s.chat.service.onUnlocked();
    expect(
      s
        .logged()
        .filter((l) => l.msg.includes('ignored'))
        .at(-1)?.reason,
    ).toBe('key');
    expect(await found(s.chat, 'alphaword')).toEqual([]);
    s.close();
  });

  it('a crash between writes leaves the old snapshot usable; a newer one than the log is refused', async () => {
    const dir = tempDir();
    let s = await open(dir, { lockWriteMin: 1_000_000 });
    const [c0] = seed(s.history, 2, 2) as [Conversation];
    await s.chat.service.onUnlocked();
    s.chat.service.rename(c0.id, 'renamedword');
    const expected = await allResults(s.chat);
    s.close();
    // What a crash during the next write leaves: a part-written temp file beside the old snapshot.
    writeFileSync(join(dir, `.${SNAP}.0123456789ab.tmp`), readFileSync(join(dir, SNAP)).subarray(0, 40));
    s = await open(dir);
    await s.chat.service.onUnlocked();
    expect(s.logged().some((l) => l.msg.includes('ignored'))).toBe(false);
    expect(await allResults(s.chat)).toEqual(expected);
    expect(readdirSync(dir).filter((f) => f.includes(SNAP))).toEqual([SNAP]); // the leftover is swept
    // A crash after the rename but before the log was pruned: the old entries are just skipped.
    const repo = new ChatRepo(s.db);
    const kept = repo.changesAfter(0, 1000);
    s.chat.search.flush();
    expect(repo.changesAfter(0, 1000)).toEqual([]);
    const insert = s.db.prepare(
      'INSERT INTO chat_changes (seq, conversation_id, message_id) VALUES (?, ?, ?)',
    );
    for (const c of kept) insert.run(c.seq, c.conversationId, c.messageId);
    s.db.prepare('UPDATE chat_changes_state SET pruned_through = 0').run();
    s.close();
    s = await open(dir);
    await s.chat.service.onUnlocked();
    expect(s.logged().some((l) => l.msg.includes('ignored'))).toBe(false);
    expect(await allResults(s.chat)).toEqual(expected);
    // The database restored from before the snapshot: it cannot be caught up from this log.
    s.db.prepare("DELETE FROM sqlite_sequence WHERE name = 'chat_changes'").run();
    s.db.prepare('DELETE FROM chat_changes').run();
    s.chat.search.onLocked();
    await s.chat.service.onUnlocked();
    expect(
      s
        .logged()
        .filter((l) => l.msg.includes('ignored'))
        .at(-1)?.reason,
    ).toBe('ahead-of-log');
    expect(await allResults(s.chat)).toEqual(expected);
    s.close();
  });

  it('lock writes the snapshot once enough changed, then drops the index', async () => {
    const dir = tempDir();
    let s = await open(dir, { lockWriteMin: 1 });
    seed(s.history, 1, 2);
    await s.chat.service.onUnlocked();
    const first = readFileSync(join(dir, SNAP));
    await s.chat.service.send({ conversationId: null, text: 'lockword question' });
    s.vault.lock();
    s.chat.service.onLocked();
    expect(s.chat.service.readiness().search).toEqual({ state: 'locked', pending: 0 });
    await expect(s.chat.service.search('lockword', 5)).rejects.toThrow(/locked/i);
    expect(readFileSync(join(dir, SNAP)).equals(first)).toBe(false);
    expect(new ChatRepo(s.db).changesAfter(0, 10)).toEqual([]);
    s.close();
    s = await open(dir);
    await s.chat.service.onUnlocked();
    expect(await found(s.chat, 'lockword')).toHaveLength(2); // the message and the title made from it
    s.close();
  });

  it('writes again when quiet after enough changes, not after every change', async () => {
    const dir = tempDir();
    const s = await open(dir, { writeDelayMs: 30, idleWriteMin: 3, lockWriteMin: 1_000_000 });
    const [c0] = seed(s.history, 1, 2) as [Conversation];
    await s.chat.service.onUnlocked();
    const first = readFileSync(join(dir, SNAP));
    s.chat.service.rename(c0.id, 'one change');
    await new Promise((r) => setTimeout(r, 300));
    expect(readFileSync(join(dir, SNAP)).equals(first)).toBe(true);
    await s.chat.service.send({ conversationId: c0.id, text: 'quietword' });
    // Written 30 ms after the last change; polled, as the machine may be busy.
    for (let i = 0; i < 100 && readFileSync(join(dir, SNAP)).equals(first); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(readFileSync(join(dir, SNAP)).equals(first)).toBe(false);
    expect(new ChatRepo(s.db).changesAfter(0, 10)).toEqual([]);
    s.close();
  });

  it('an unreadable snapshot path is ignored; a failed write keeps the log for the next try', async () => {
    const dir = tempDir();
    let s = await open(dir);
    seed(s.history, 2, 2);
    s.close();
    mkdirSync(join(dir, SNAP)); // opens, but reads fail (EISDIR) and nothing can be renamed over it
    writeFileSync(join(dir, SNAP, 'x'), 'x');
    s = await open(dir);
    await s.chat.service.onUnlocked();
    expect(s.logged().find((l) => l.msg.includes('ignored'))?.reason).toBe('unreadable');
    expect(s.logged().map((l) => l.msg)).toContain('chat: search snapshot not written');
    expect(await found(s.chat, 'kestrel')).toHaveLength(6);
    expect(new ChatRepo(s.db).changesAfter(0, 100).length).toBeGreaterThan(0);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    s.close();
  });
});

function flip(buf: Buffer, at: number): Buffer {
  const out = Buffer.from(buf);
  out[at] = (out[at] ?? 0) ^ 1;
  return out;
}
