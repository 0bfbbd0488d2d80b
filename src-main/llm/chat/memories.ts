import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { Memory } from '../../../src-shared/domain/chat.js';
import { SahelError } from '../../../src-shared/errors.js';
import type { ChatRepo } from '../../store/index.js';
import type { Sealer } from './sealed.js';

const KIND = 'chat.memory';
const Body = Memory.omit({ id: true });

/** Facts about the user the agent keeps; each one sealed, viewable, editable and deletable. */
export class MemoryStore {
  constructor(
    private readonly repo: ChatRepo,
    private readonly sealer: Sealer,
  ) {}

  list(): Memory[] {
    return this.listWithUnreadable().memories;
  }

  /** The memories, and the ids of those whose sealed row is damaged (left aside on disk, not used). */
  listWithUnreadable(): { memories: Memory[]; unreadable: string[] } {
    const memories: Memory[] = [];
    const unreadable: string[] = [];
    for (const r of this.repo.memories()) {
      const body = this.sealer.openOrSkip(KIND, r.id, r.body, Body);
      if (body) memories.push({ id: r.id, ...body });
      else unreadable.push(r.id);
    }
    return { memories, unreadable };
  }

  add(text: string, source: Memory['source'], conversationId: string | null = null): Memory {
    const now = new Date().toISOString();
    const m: Memory = {
      id: randomBytes(16).toString('hex'),
      text: clean(text),
      source,
      conversationId,
      createdAt: now,
      updatedAt: now,
    };
    this.write(m);
    return m;
  }

  update(id: string, text: string): Memory {
    const row = this.repo.memories().find((r) => r.id === id);
    if (!row) throw new SahelError('NOT_FOUND', 'No such memory');
    const m: Memory = { id, ...this.sealer.open(KIND, id, row.body, Body), text: clean(text) };
    m.updatedAt = new Date().toISOString();
    this.write(m);
    return m;
  }

  remove(id: string): boolean {
    return this.repo.deleteMemory(id);
  }

  /**
   * Keeps facts extracted from a chat that are new (case-insensitively); the model's output is
   * untrusted, so only short single-line strings are taken, a few per turn.
   */
  addExtracted(facts: unknown, conversationId: string): Memory[] {
    const parsed = Extracted.safeParse(facts);
    if (!parsed.success) return [];
    const known = new Set(this.list().map((m) => m.text.toLowerCase()));
    const added: Memory[] = [];
    for (const f of parsed.data.facts.slice(0, 5)) {
      const text = clean(f);
      if (text.length < 3 || text.length > 200 || known.has(text.toLowerCase())) continue;
      known.add(text.toLowerCase());
      added.push(this.add(text, 'chat', conversationId));
    }
    return added;
  }

  private write(m: Memory): void {
    const { id, ...body } = Memory.parse(m);
    this.repo.putMemory(id, this.sealer.seal(KIND, id, body));
  }
}

/** The JSON schema extraction is constrained to, and its check. */
export const EXTRACT_SCHEMA = {
  type: 'object',
  properties: { facts: { type: 'array', items: { type: 'string' } } },
} as const;
const Extracted = z.object({ facts: z.array(z.string()).max(50) });

function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 1000);
}
