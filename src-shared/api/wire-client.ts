import { SahelError } from '../errors.js';
import type { Transport } from './client.js';
import { MAX_MESSAGE_BYTES, readServerMessage, utf8Length } from './wire-text.js';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: SahelError) => void;
}

/**
 * The client half of the wire protocol over any text channel (a browser WebSocket, a Node socket).
 * The channel supplies `send`; the owner of the channel feeds incoming text to `receive` and calls
 * `close` when the channel ends, which fails every pending call.
 */
export class WireClient implements Transport {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();
  private closedWith: SahelError | undefined;

  constructor(private readonly send: (text: string) => void) {}

  call(method: string, input: unknown): Promise<unknown> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    const id = this.nextId++;
    const text = JSON.stringify({ type: 'call', id, method, input: input ?? {} });
    if (utf8Length(text) > MAX_MESSAGE_BYTES) {
      return Promise.reject(new SahelError('PAYLOAD_TOO_LARGE', `The request to ${method} is too large`));
    }
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send(text);
    });
  }

  subscribe(event: string, listener: (payload: unknown) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
      if (!this.closedWith) this.send(JSON.stringify({ type: 'subscribe', event }));
    }
    set.add(listener);
    return () => {
      const current = this.listeners.get(event);
      if (!current?.delete(listener) || current.size > 0) return;
      this.listeners.delete(event);
      if (!this.closedWith) this.send(JSON.stringify({ type: 'unsubscribe', event }));
    };
  }

  /** Events the caller subscribed to, to replay after a reconnect. */
  subscribedEvents(): string[] {
    return [...this.listeners.keys()];
  }

  receive(text: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return;
    }
    const msg = readServerMessage(json);
    if (!msg) return;
    if (msg.type === 'event') {
      for (const listener of this.listeners.get(msg.event) ?? []) listener(msg.payload);
    } else if (msg.type === 'result') {
      const pending = this.pending.get(msg.id);
      if (!pending) return;
      this.pending.delete(msg.id);
      if (msg.ok) pending.resolve(msg.value);
      else pending.reject(SahelError.fromSerialized(msg.error));
    }
  }

  close(reason = 'The connection to Sahel closed'): void {
    this.closedWith = new SahelError('UNAVAILABLE', reason);
    for (const p of this.pending.values()) p.reject(this.closedWith);
    this.pending.clear();
  }
}
