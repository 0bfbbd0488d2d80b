import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';
import { SahelError } from '../../../src-shared/errors.js';
import { callId } from './engine-provider.js';
import type {
  ChatProvider,
  ConversationMessage,
  ModelMessage,
  ProviderResult,
  ProviderTurn,
  Readiness,
  ToolTurn,
  ToolTurnHandle,
  ToolTurnResult,
  TurnHandle,
} from './provider.js';

/**
 * A script of fixed outputs (`scripted:<file>`): replies are taken in order, or the first unused one
 * whose `match` the user's message contains; `json` answers (memory extraction) likewise in order.
 * Replies stream word by word, `delayMs` apart, so stop and streaming behave as with a model.
 */
export const Script = z.strictObject({
  model: z.string().min(1).max(100).optional(),
  delayMs: z.number().int().min(0).max(10_000).default(0),
  turns: z
    .array(
      z.strictObject({
        reply: z.string().max(100_000),
        match: z.string().min(1).optional(),
        /** Pretend this many of the oldest messages did not fit the context. */
        dropped: z.number().int().min(0).optional(),
        /** Fail the turn as an engine would (message shown to the user). */
        fail: z.string().optional(),
        /** For a tool turn: the calls the model makes (with `reply` as its text, usually empty). */
        toolCalls: z
          .array(z.strictObject({ name: z.string().min(1).max(64), arguments: z.unknown() }))
          .max(64)
          .optional(),
      }),
    )
    .max(10_000),
  json: z.array(z.unknown()).max(10_000).default([]),
});
export type Script = z.infer<typeof Script>;

export class ScriptedProvider implements ChatProvider {
  readonly kind = 'scripted';
  /** Every turn the provider was asked for, as the model would see it (tests read the prompts here). */
  readonly calls: ModelMessage[][] = [];
  readonly jsonPrompts: string[] = [];
  /** Every tool turn the provider was asked for: the conversation it was given. */
  readonly toolCalls: ConversationMessage[][] = [];
  private readonly used = new Set<number>();
  private jsonNext = 0;
  private readonly name: string;

  constructor(
    private readonly script: Script,
    name = 'scripted',
  ) {
    this.name = script.model ?? name;
  }

  static fromFile(file: string): ScriptedProvider {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      throw new SahelError('BAD_INPUT', `The chat script ${basename(file)} could not be read as JSON`);
    }
    const parsed = Script.safeParse(raw);
    if (!parsed.success) throw new SahelError('BAD_INPUT', `The chat script ${basename(file)} is not valid`);
    return new ScriptedProvider(parsed.data, `scripted:${basename(file)}`);
  }

  readiness(): Readiness {
    return { ready: true, model: this.name, reason: null };
  }

  async use(): Promise<void> {}

  streamChat(turn: ProviderTurn): TurnHandle {
    this.calls.push(turn.messages.map((m) => ({ ...m })));
    const last = turn.messages.at(-1)?.content ?? '';
    const index = this.pick(last);
    let cancelled = false;
    const run = async (): Promise<ProviderResult> => {
      const t = index === undefined ? undefined : this.script.turns[index];
      if (!t) throw new SahelError('UNAVAILABLE', 'The chat script has no reply left for this message');
      if (t.fail) throw new SahelError('UNAVAILABLE', t.fail);
      const pieces = t.reply.match(/\s*\S+/g) ?? [];
      let tokens = 0;
      for (const p of pieces.slice(0, turn.maxTokens)) {
        await new Promise((r) => setTimeout(r, this.script.delayMs));
        if (cancelled) break;
        turn.onToken(p);
        tokens++;
      }
      const reason = cancelled ? 'cancelled' : tokens < pieces.length ? 'maxTokens' : 'eos';
      return {
        reason,
        tokens,
        dropped: t.dropped ?? 0,
        model: this.name,
        promptTokens: 0,
        reusedTokens: 0,
        ttftMs: 0,
      };
    };
    return {
      done: run(),
      cancel: () => {
        cancelled = true;
      },
    };
  }

  /**
   * Tool turns are picked as replies are (by the last message: the user's, or a tool's result) and
   * replayed after `delayMs` (once, so a stop can cancel a turn as it would the model's): the calls
   * the script names, with fresh ids, or its text.
   */
  toolTurn(turn: ToolTurn): ToolTurnHandle {
    this.toolCalls.push(turn.messages.map((m) => ({ ...m })));
    const index = this.pick(turn.messages.at(-1)?.content ?? '');
    let cancelled = false;
    let wake = () => {};
    const run = async (): Promise<ToolTurnResult> => {
      const t = index === undefined ? undefined : this.script.turns[index];
      if (!t) throw new SahelError('UNAVAILABLE', 'The chat script has no reply left for this message');
      if (this.script.delayMs > 0 && !cancelled) {
        await new Promise<void>((r) => {
          const timer = setTimeout(r, this.script.delayMs);
          wake = () => {
            clearTimeout(timer);
            r();
          };
        });
      }
      if (cancelled) {
        return { reason: 'cancelled', text: '', toolCalls: [], promptTokens: 0, tokens: 0, model: this.name };
      }
      if (t.fail) throw new SahelError('UNAVAILABLE', t.fail);
      const calls = (t.toolCalls ?? []).map((c) => ({
        id: callId(),
        name: c.name,
        arguments: JSON.stringify(c.arguments ?? {}),
      }));
      // Streamed in pieces, as streamChat streams a plain reply (after the turn's one delay).
      for (const p of t.reply.match(/\s*\S+/g) ?? []) turn.onToken?.(p);
      return {
        reason: calls.length > 0 ? 'toolCalls' : 'eos',
        text: t.reply,
        toolCalls: calls,
        promptTokens: 0,
        tokens: 0,
        model: this.name,
      };
    };
    return {
      done: run(),
      cancel: () => {
        cancelled = true;
        wake();
      },
    };
  }

  async json(prompt: string): Promise<unknown> {
    this.jsonPrompts.push(prompt);
    if (this.jsonNext >= this.script.json.length) {
      throw new SahelError('UNAVAILABLE', 'The chat script has no JSON answer left');
    }
    return this.script.json[this.jsonNext++];
  }

  forget(): void {}

  private pick(userText: string): number | undefined {
    const turns = this.script.turns;
    let i = turns.findIndex(
      (t, n) => !this.used.has(n) && t.match !== undefined && userText.includes(t.match),
    );
    if (i < 0) i = turns.findIndex((t, n) => !this.used.has(n) && t.match === undefined);
    if (i < 0) return undefined;
    this.used.add(i);
    return i;
  }
}
