import { z } from 'zod';

/**
 * The message format of the WebSocket and local-socket transports: one JSON object per message
 * (per line on the socket). Calls carry an id the result echoes; events are pushed to subscribers.
 */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

export const ClientMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('call'),
    id: z.number().int().nonnegative(),
    method: z.string().max(200),
    input: z.unknown(),
  }),
  z.object({ type: z.literal('subscribe'), event: z.string().max(200) }),
  z.object({ type: z.literal('unsubscribe'), event: z.string().max(200) }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

const WireError = z.object({ code: z.string(), message: z.string() });

export const ServerMessage = z.union([
  z.object({ type: z.literal('result'), id: z.number(), ok: z.literal(true), value: z.unknown() }),
  z.object({ type: z.literal('result'), id: z.number(), ok: z.literal(false), error: WireError }),
  z.object({ type: z.literal('event'), event: z.string(), payload: z.unknown() }),
  z.object({ type: z.literal('error'), error: WireError }),
]);
export type ServerMessage =
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: { code: string; message: string } }
  | { type: 'event'; event: string; payload: unknown }
  | { type: 'error'; error: { code: string; message: string } };

/**
 * Finds the call id of a message too large to parse, so its caller still gets a typed error.
 * Clients serialise `{"type":"call","id":N,…}` in that order; anything else gets a protocol error.
 */
export function peekCallId(raw: string): number | undefined {
  const m = /^\{"type":"call","id":(\d{1,15}),/.exec(raw.slice(0, 64));
  return m ? Number(m[1]) : undefined;
}

/** UTF-8 length without allocating (the limit is in bytes, strings are UTF-16). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
