import { create } from 'zustand';
import type { AgentStep } from '../../../src-shared/domain/agent-steps.js';

/** The reply being written, as far as it has been painted. */
export interface LiveReply {
  conversationId: string;
  replyId: string;
  text: string;
  /** An agent's steps so far (none for a plain reply). */
  steps?: AgentStep[];
}

interface StreamState {
  live: LiveReply | null;
}

/**
 * The streaming reply lives in its own small store: only the component showing it subscribes, so a
 * frame's worth of tokens re-renders one message, never the conversation or the page.
 */
export const useStream = create<StreamState>()(() => ({ live: null }));

type Schedule = (flush: () => void) => () => void;

const onAnimationFrame: Schedule = (flush) => {
  const id = requestAnimationFrame(flush);
  return () => cancelAnimationFrame(id);
};

/**
 * Collects 'chat.token' pieces and hands them to the store once per animation frame: however fast the
 * tokens come, the page renders at most once a frame, and a frame's pieces are one string append.
 */
export class TokenBuffer {
  private pending = '';
  private cancel: (() => void) | null = null;
  /** An agent's reply: the model turn whose text is live (null: none yet, or a plain reply). */
  private turn: number | null = null;

  constructor(private readonly schedule: Schedule = onAnimationFrame) {}

  /** A reply begins: whatever was pending for another one is dropped. */
  start(conversationId: string, replyId: string, text = ''): void {
    this.drop();
    useStream.setState({ live: { conversationId, replyId, text } });
  }

  /**
   * A piece of the live reply. An agent's pieces name their model turn: a new turn's text replaces the
   * earlier turn's, which called tools and was not the answer (its steps say what it did).
   */
  push(replyId: string, text: string, turn?: number): void {
    if (useStream.getState().live?.replyId !== replyId) return;
    if (turn !== undefined && turn !== this.turn) {
      const earlier = this.turn !== null;
      this.turn = turn;
      if (earlier) {
        this.pending = '';
        useStream.setState((s) => (s.live ? { live: { ...s.live, text: '' } } : s));
      }
    }
    this.pending += text;
    this.cancel ??= this.schedule(() => this.flush());
  }

  /** An agent's step: shown at once (steps are few, and each is news). */
  step(replyId: string, step: AgentStep): void {
    useStream.setState((s) =>
      s.live?.replyId === replyId ? { live: { ...s.live, steps: [...(s.live.steps ?? []), step] } } : s,
    );
  }

  /** Paints what is pending now (the reply ended; the next frame may be too late). */
  flush(): void {
    this.cancel?.();
    this.cancel = null;
    if (!this.pending) return;
    const piece = this.pending;
    this.pending = '';
    useStream.setState((s) => (s.live ? { live: { ...s.live, text: s.live.text + piece } } : s));
  }

  /** Forgets the reply (it was stored, or the vault locked). */
  drop(): void {
    this.cancel?.();
    this.cancel = null;
    this.pending = '';
    this.turn = null;
    useStream.setState({ live: null });
  }
}
