import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AuditEntry, type AuditVerdict } from '../../../src-shared/domain/agent.js';
import { SahelError } from '../../../src-shared/errors.js';
import type { Sealer } from '../../llm/index.js';
import { type AgentAuditRepo, type AuditRow, GENESIS } from '../../store/index.js';
import { canonicalJson, chainHash, toJson } from './canonical.js';

/** The record kind audit bodies are sealed under (bound with the row's id). */
const KIND = 'agent-audit';
/** What the log keeps of a result, and of arguments as JSON text, at most. */
export const MAX_RESULT_CHARS = 2_000;
export const MAX_ARGUMENT_CHARS = 8_000;

/**
 * What is sealed and hashed: the entry without its hashes, plus a random salt so that the hash, stored in
 * the clear, cannot be used to guess short private arguments.
 */
const Body = AuditEntry.omit({ hash: true, prevHash: true }).extend({ salt: z.string() });
type Body = z.infer<typeof Body>;

export type AuditInput = Omit<AuditEntry, 'seq' | 'at' | 'hash' | 'prevHash'>;

/**
 * The agent's tamper-evident log: every tool call, policy decision, approval and policy change. Appends
 * only (the repository has no other write). Needs the vault unlocked, as chat does: while it is locked,
 * appending throws LOCKED, so nothing the log should hold happens unlogged.
 */
export class AuditLog {
  constructor(
    private readonly repo: AgentAuditRepo,
    private readonly sealer: Sealer,
    private readonly now: () => number = Date.now,
    /** Told of each entry once it is written (the owner's 'agent.audit' event). */
    private readonly onAppend: (entry: AuditEntry) => void = () => {},
  ) {}

  get writable(): boolean {
    return this.sealer.unlocked;
  }

  append(input: AuditInput): AuditEntry {
    if (!this.sealer.unlocked)
      throw new SahelError('LOCKED', 'Unlock the vault: the agent’s audit log is sealed');
    const at = new Date(this.now()).toISOString();
    const row = this.repo.append((seq, prevHash) => {
      const body: Body = {
        seq,
        at,
        action: input.action.slice(0, 64),
        actor: input.actor,
        arguments: cappedArguments(input.arguments),
        decision: input.decision,
        rule: input.rule,
        result: capped(input.result),
        // Only when set: a body without the key hashes as entries written before it existed.
        ...(input.outcome ? { outcome: input.outcome } : {}),
        ...(input.approvalId ? { approvalId: input.approvalId } : {}),
        conversationId: input.conversationId,
        salt: randomBytes(16).toString('hex'),
      };
      const id = randomBytes(16).toString('hex');
      return { id, body: this.sealer.seal(KIND, id, body), hash: chainHash(prevHash, body) };
    });
    const entry = this.entry(row) ?? unreachable();
    this.onAppend(entry);
    return entry;
  }

  /** Newest first, strictly before `before` (a seq). An entry whose body does not open is left out: verify names it. */
  list(o: { limit: number; before?: number | null }): AuditEntry[] {
    const limit = Math.max(1, Math.min(500, Math.trunc(o.limit)));
    return this.repo
      .page(o.before ?? null, limit)
      .map((row) => this.entry(row))
      .filter((e): e is AuditEntry => e !== null);
  }

  /** Every entry, oldest first; one whose body does not open is left out (verify names it). */
  *entries(): Generator<AuditEntry> {
    for (const row of this.repo.all()) {
      const e = this.entry(row);
      if (e) yield e;
    }
  }

  /**
   * Walks the chain from the first entry: the first seq that is missing, out of place, or whose body,
   * link or hash does not match is named. A removed tail shows against the last seq SQLite issued.
   */
  verify(): AuditVerdict {
    if (!this.sealer.unlocked) throw new SahelError('LOCKED', 'Unlock the vault to verify the audit log');
    let expected = 1;
    let prev = GENESIS;
    for (const row of this.repo.all()) {
      if (row.seq !== expected) return bad(expected, `entry ${expected} was removed`);
      const body = this.sealer.openOrSkip(KIND, row.id, row.body, Body);
      if (!body) return bad(row.seq, `entry ${row.seq} was edited: its sealed body does not open`);
      if (body.seq !== row.seq)
        return bad(row.seq, `entry ${row.seq} was reordered: the entry in its place is entry ${body.seq}`);
      if (row.prevHash !== prev)
        return bad(row.seq, `entry ${row.seq} was edited: its link to the entry before does not match`);
      if (chainHash(prev, body) !== row.hash)
        return bad(row.seq, `entry ${row.seq} was edited: its hash does not match its content`);
      prev = row.hash;
      expected++;
    }
    const last = this.repo.lastWritten();
    if (last >= expected)
      return bad(expected, `entry ${expected} was removed (entries up to ${last} were written)`);
    return { ok: true, entries: expected - 1 };
  }

  private entry(row: AuditRow): AuditEntry | null {
    const body = this.sealer.openOrSkip(KIND, row.id, row.body, Body);
    if (!body) return null;
    const { salt: _salt, ...rest } = body;
    return { ...rest, hash: row.hash, prevHash: row.prevHash };
  }
}

function bad(seq: number, problem: string): AuditVerdict {
  return { ok: false, seq, problem };
}

function capped(text: string): string {
  return text.length <= MAX_RESULT_CHARS ? text : `${text.slice(0, MAX_RESULT_CHARS - 1)}…`;
}

/** Arguments as JSON, or, past the cap, the start of their JSON text marked as cut. */
function cappedArguments(args: unknown): unknown {
  const json = toJson(args);
  const text = canonicalJson(json);
  return text.length <= MAX_ARGUMENT_CHARS ? json : { truncated: `${text.slice(0, MAX_ARGUMENT_CHARS)}…` };
}

function unreachable(): never {
  throw new SahelError('INTERNAL', 'An audit entry just written does not open');
}
