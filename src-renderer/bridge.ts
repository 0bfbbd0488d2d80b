import { createClient, onEvent, type Transport } from '../src-shared/api/client.js';
import type { SahelClient } from '../src-shared/api/contract.js';
import type { EventName, EventPayload } from '../src-shared/api/events.js';
import type { SahelBridge } from '../src-shared/api/ipc-channels.js';
import { WireClient } from '../src-shared/api/wire-client.js';
import { SahelError } from '../src-shared/errors.js';

declare global {
  interface Window {
    /** Put there by Electron's preload; absent when the page is served by `sahel serve`. */
    sahel?: SahelBridge;
  }
}

/**
 * `gone`: the server at this address no longer accepts this page's cookie — it stopped and another
 * started (a new token, or another Sahel on the port). Retrying cannot help; the user needs the URL the
 * new server printed.
 */
export type ConnectionState = 'connecting' | 'open' | 'closed' | 'gone';

/** What the page says when its server is gone. */
export const GONE_MESSAGE =
  'This Sahel server has stopped or restarted with a new access token — open the new URL it printed.';

/** Answers 204 while the server takes this page's cookie, 401 once it does not (src-main/shells/server). */
const SESSION_PATH = '/api/session';
type Listener = (payload: unknown) => void;

/** A transport that also reports whether it can reach the owner process. */
interface LiveTransport extends Transport {
  readonly state: ConnectionState;
  onStateChange(listener: (state: ConnectionState) => void): () => void;
  reconnectNow(): void;
}

/** Electron: the preload's bridge. Calls resolve to an envelope, unwrapped here into a value or a SahelError. */
class IpcTransport implements LiveTransport {
  readonly state = 'open' as const;
  constructor(private readonly ipc: SahelBridge) {}

  async call(method: string, input: unknown): Promise<unknown> {
    const envelope = await this.ipc.call(method, input);
    if (envelope.ok) return envelope.value;
    throw SahelError.fromSerialized(envelope.error);
  }

  subscribe(event: string, listener: Listener): () => void {
    return this.ipc.subscribe(event, listener);
  }

  onStateChange(): () => void {
    return () => {};
  }

  reconnectNow(): void {}
}

const BACKOFF_MIN_MS = 250;
const BACKOFF_MAX_MS = 8000;
/** How long a call made while disconnected waits for the connection before failing. */
const CALL_WAIT_MS = 10_000;

/**
 * Headless: a WebSocket to `/api` on the page's own origin (the HttpOnly cookie authenticates it).
 * Each connection gets a fresh WireClient; listeners live here, so they survive reconnects, and every
 * event with a listener is subscribed again on the new connection. Reconnects back off exponentially.
 */
class SocketTransport implements LiveTransport {
  state: ConnectionState = 'connecting';
  private wire: WireClient | null = null;
  private socket: WebSocket | null = null;
  private readonly listeners = new Map<string, Set<Listener>>();
  /** Unsubscribe functions for the current wire, one per event. */
  private readonly wireSubs = new Map<string, () => void>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private readonly openWaiters = new Set<() => void>();
  private attempt = 0;
  private retryTimer: number | undefined;

  constructor(private readonly url: string) {
    this.connect();
    // Coming back to the window or the network is a good moment to retry without waiting out the backoff.
    window.addEventListener('online', () => this.reconnectNow());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') this.reconnectNow();
    });
  }

  call(method: string, input: unknown): Promise<unknown> {
    if (this.wire) return this.wire.call(method, input);
    if (this.state === 'gone') return Promise.reject(new SahelError('UNAVAILABLE', GONE_MESSAGE));
    return this.whenOpen().then(() => {
      if (!this.wire)
        throw new SahelError('UNAVAILABLE', this.state === 'gone' ? GONE_MESSAGE : 'Not connected to Sahel');
      return this.wire.call(method, input);
    });
  }

  subscribe(event: string, listener: Listener): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
      this.subscribeWire(event);
    }
    set.add(listener);
    return () => {
      const current = this.listeners.get(event);
      if (!current?.delete(listener) || current.size > 0) return;
      this.listeners.delete(event);
      this.wireSubs.get(event)?.();
      this.wireSubs.delete(event);
    };
  }

  onStateChange(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  reconnectNow(): void {
    // A gone server is retried only on request: the user may have run `serve` again with the old token.
    if (this.state !== 'closed' && this.state !== 'gone') return;
    window.clearTimeout(this.retryTimer);
    this.connect();
  }

  private subscribeWire(event: string): void {
    if (!this.wire || this.wireSubs.has(event)) return;
    const unsubscribe = this.wire.subscribe(event, (payload) => {
      for (const l of this.listeners.get(event) ?? []) l(payload);
    });
    this.wireSubs.set(event, unsubscribe);
  }

  private connect(): void {
    this.setState('connecting');
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.url);
    } catch {
      this.onClosed();
      return;
    }
    this.socket = socket;
    socket.addEventListener('open', () => {
      if (this.socket !== socket) return;
      this.attempt = 0;
      const wire = new WireClient((text) => {
        if (socket.readyState === WebSocket.OPEN) socket.send(text);
      });
      this.wire = wire;
      for (const event of this.listeners.keys()) this.subscribeWire(event);
      this.setState('open');
      for (const resolve of this.openWaiters) resolve();
      this.openWaiters.clear();
    });
    socket.addEventListener('message', (e) => {
      if (this.socket === socket && typeof e.data === 'string') this.wire?.receive(e.data);
    });
    socket.addEventListener('close', () => {
      if (this.socket === socket) this.onClosed();
    });
  }

  private onClosed(): void {
    this.socket = null;
    const wire = this.wire;
    this.wire = null;
    // The server forgets this connection's subscriptions; they are made again on the next one.
    this.wireSubs.clear();
    wire?.close();
    this.setState('closed');
    const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** this.attempt);
    this.attempt++;
    window.clearTimeout(this.retryTimer);
    this.retryTimer = window.setTimeout(() => this.connect(), delay * (0.75 + Math.random() * 0.5));
    // A browser WebSocket hides a refused upgrade's status; a plain request with the cookie tells a
    // server that is down (keep trying) from one that no longer knows this page (stop, say so).
    void this.probeSession();
  }

  private async probeSession(): Promise<void> {
    let status: number;
    try {
      status = (await fetch(SESSION_PATH, { cache: 'no-store', credentials: 'same-origin' })).status;
    } catch {
      return;
    }
    if (status !== 401 || this.state !== 'closed') return;
    window.clearTimeout(this.retryTimer);
    this.setState('gone');
    // Calls waiting for the connection fail now, with the message above, rather than after their wait.
    for (const settle of this.openWaiters) settle();
    this.openWaiters.clear();
  }

  private whenOpen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = () => {
        window.clearTimeout(timer);
        resolve();
      };
      const timer = window.setTimeout(() => {
        this.openWaiters.delete(done);
        reject(new SahelError('UNAVAILABLE', 'Could not reach Sahel'));
      }, CALL_WAIT_MS);
      this.openWaiters.add(done);
    });
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    for (const l of this.stateListeners) l(state);
  }
}

function socketUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/api`;
}

const transport: LiveTransport = window.sahel
  ? new IpcTransport(window.sahel)
  : new SocketTransport(socketUrl());

/** The typed API client: `client.app.status({})`. Same contract over IPC and WebSocket. */
export const client: SahelClient = createClient(transport);

/** Listens to a contract event; payloads are checked against their schema. Returns the unsubscribe. */
export function on<N extends EventName>(event: N, listener: (payload: EventPayload<N>) => void): () => void {
  return onEvent(transport, event, listener);
}

export const connection = {
  get state(): ConnectionState {
    return transport.state;
  },
  onChange: (listener: (state: ConnectionState) => void) => transport.onStateChange(listener),
  /** Skips the rest of the backoff and tries again now. */
  retry: () => transport.reconnectNow(),
};
