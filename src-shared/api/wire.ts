import { z } from 'zod';

export { MAX_MESSAGE_BYTES, type ServerMessage, utf8Length } from './wire-text.js';

/**
 * The message format of the WebSocket and local-socket transports: one JSON object per message
 * (per line on the socket). Calls carry an id the result echoes; events are pushed to subscribers.
 */
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

/**
 * Finds the call id of a message too large to parse, so its caller still gets a typed error.
 * Clients serialise `{"type":"call","id":N,…}` in that order; anything else gets a protocol error.
 */
export function peekCallId(raw: string): number | undefined {
  const m = /^\{"type":"call","id":(\d{1,15}),/.exec(raw.slice(0, 64));
  return m ? Number(m[1]) : undefined;
}
