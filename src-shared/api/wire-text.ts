/**
 * The parts of the wire protocol (wire.ts) a client needs, without zod: the CLI's socket commands
 * load this and no schema library, so `sahel vault status` against a running Sahel starts quickly.
 * The owner still checks what clients send with the zod schemas in wire.ts.
 */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

export interface WireError {
  code: string;
  message: string;
}

export type ServerMessage =
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: WireError }
  | { type: 'event'; event: string; payload: unknown }
  | { type: 'error'; error: WireError };

/** A message from the owner, or undefined when it is not one (checked by hand; unknown keys dropped). */
export function readServerMessage(json: unknown): ServerMessage | undefined {
  if (!isRecord(json)) return undefined;
  switch (json.type) {
    case 'result': {
      if (typeof json.id !== 'number') return undefined;
      if (json.ok === true) return { type: 'result', id: json.id, ok: true, value: json.value };
      const error = wireError(json.error);
      return json.ok === false && error ? { type: 'result', id: json.id, ok: false, error } : undefined;
    }
    case 'event':
      return typeof json.event === 'string'
        ? { type: 'event', event: json.event, payload: json.payload }
        : undefined;
    case 'error': {
      const error = wireError(json.error);
      return error ? { type: 'error', error } : undefined;
    }
    default:
      return undefined;
  }
}

function wireError(value: unknown): WireError | undefined {
  if (!isRecord(value) || typeof value.code !== 'string' || typeof value.message !== 'string')
    return undefined;
  return { code: value.code, message: value.message };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
