import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every depth and no spaces: one spelling per value, so the hash of an
 * entry does not depend on the order its fields were built in. Only JSON values reach it (see toJson).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

/** Any value as plain JSON (bigint as a decimal string, what JSON cannot hold dropped). */
export function toJson(value: unknown): unknown {
  const text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  return text === undefined ? null : JSON.parse(text);
}

/** An entry's hash: sha256 over the previous hash (hex text) followed by the canonical body. */
export function chainHash(prevHash: string, body: unknown): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(body)).digest('hex');
}
