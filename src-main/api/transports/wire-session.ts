import { isEventName } from '../../../src-shared/api/events.js';
import {
  ClientMessage,
  MAX_MESSAGE_BYTES,
  peekCallId,
  type ServerMessage,
  utf8Length,
} from '../../../src-shared/api/wire.js';
import type { EventBus } from '../event-bus.js';
import type { CallContext } from '../handlers.js';
import type { Router } from '../router.js';

/**
 * One client connection speaking the wire protocol (WebSocket or local socket). Text in, text out;
 * every malformed message gets a typed error back and the connection stays usable.
 */
export class WireSession {
  private readonly subscriptions = new Map<string, () => void>();
  private closed = false;

  constructor(
    private readonly router: Router,
    private readonly bus: EventBus,
    private readonly ctx: CallContext,
    private readonly send: (text: string) => void,
  ) {}

  async receive(text: string): Promise<void> {
    if (utf8Length(text) > MAX_MESSAGE_BYTES) {
      const id = peekCallId(text);
      const error = {
        code: 'PAYLOAD_TOO_LARGE',
        message: `Messages are limited to ${MAX_MESSAGE_BYTES} bytes`,
      };
      this.reply(id === undefined ? { type: 'error', error } : { type: 'result', id, ok: false, error });
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      this.reply({ type: 'error', error: { code: 'BAD_MESSAGE', message: 'The message is not valid JSON' } });
      return;
    }
    const parsed = ClientMessage.safeParse(json);
    if (!parsed.success) {
      const id = typeof (json as { id?: unknown })?.id === 'number' ? (json as { id: number }).id : undefined;
      const error = { code: 'BAD_MESSAGE', message: 'The message does not follow the protocol' };
      this.reply(id === undefined ? { type: 'error', error } : { type: 'result', id, ok: false, error });
      return;
    }
    const msg = parsed.data;
    if (msg.type === 'call') {
      const result = await this.router.dispatch(msg.method, msg.input, this.ctx);
      this.reply(
        result.ok
          ? { type: 'result', id: msg.id, ok: true, value: result.value }
          : { type: 'result', id: msg.id, ok: false, error: result.error },
      );
    } else if (msg.type === 'subscribe') {
      if (!isEventName(msg.event)) {
        this.reply({
          type: 'error',
          error: { code: 'BAD_INPUT', message: `No event named ${JSON.stringify(msg.event)}` },
        });
      } else if (!this.subscriptions.has(msg.event)) {
        const event = msg.event;
        this.subscriptions.set(
          event,
          this.bus.on(event, (payload) => this.reply({ type: 'event', event, payload })),
        );
      }
    } else {
      this.subscriptions.get(msg.event)?.();
      this.subscriptions.delete(msg.event);
    }
  }

  close(): void {
    this.closed = true;
    for (const off of this.subscriptions.values()) off();
    this.subscriptions.clear();
  }

  private reply(msg: ServerMessage): void {
    if (!this.closed) this.send(JSON.stringify(msg));
  }
}
