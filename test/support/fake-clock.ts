import type { Clock, Timer } from '../../src-main/tasks/clock.js';

interface Pending {
  at: number;
  seq: number;
  fn: () => void;
  live: boolean;
}

/** Lets promises and the callbacks they schedule settle (runners, the scheduler's follow-ups). */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((r) => setImmediate(r));
}

/**
 * A clock the test moves. `advance` fires timers in order as time passes; `sleep` is a machine that
 * slept: the wall clock jumps and the timers (which do not count sleep) are pushed back by as much.
 */
export class FakeClock implements Clock {
  private seq = 0;
  private pending: Pending[] = [];
  /** Every wait a timer was set for, in order (the scheduler's backoff and heartbeat show here). */
  readonly waits: number[] = [];

  constructor(private t: number) {}

  now(): number {
    return this.t;
  }

  setTimer(ms: number, fn: () => void): Timer {
    const p: Pending = { at: this.t + Math.max(0, ms), seq: this.seq++, fn, live: true };
    this.waits.push(ms);
    this.pending.push(p);
    return {
      cancel: () => {
        p.live = false;
      },
    };
  }

  /** Timers still set. */
  get timers(): number {
    return this.pending.filter((p) => p.live).length;
  }

  async advance(ms: number): Promise<void> {
    await this.advanceTo(this.t + ms);
  }

  async advanceTo(target: number): Promise<void> {
    await settle();
    for (;;) {
      this.pending = this.pending.filter((p) => p.live);
      const next = this.pending.filter((p) => p.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!next) break;
      this.t = Math.max(this.t, next.at);
      next.live = false;
      next.fn();
      await settle();
    }
    this.t = target;
    await settle();
  }

  /** The machine slept `ms`: no timer fired meanwhile, and each now fires `ms` later than set. */
  sleep(ms: number): void {
    this.t += ms;
    for (const p of this.pending) p.at += ms;
  }
}
