import type { JsonSchema } from './protocol.js';

/** A schema the grammar cannot enforce; `path` names where (JSON pointer style), for a 400. */
export class UnsupportedSchemaError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'UnsupportedSchemaError';
  }
}

// node-llama-cpp builds a GBNF grammar from a subset of JSON schema and silently ignores what it does
// not know (a `pattern`, a `minimum`): output would then look constrained but break the schema. So
// every keyword is either enforced by the grammar, a mere annotation, or refused here.
const ENFORCED = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'prefixItems',
  'minItems',
  'maxItems',
  'enum',
  'const',
  'oneOf',
  'anyOf',
  '$defs',
  'definitions',
  '$ref',
  'minLength',
  'maxLength',
  'minProperties',
  'maxProperties',
  'format',
]);
// Bounds no number a model writes in practice crosses (zod and pydantic put them on every integer).
const SAFE_BOUNDS: Record<string, (v: unknown) => boolean> = {
  minimum: (v) => typeof v === 'number' && v <= Number.MIN_SAFE_INTEGER,
  maximum: (v) => typeof v === 'number' && v >= Number.MAX_SAFE_INTEGER,
};
const ANNOTATIONS = new Set([
  '$schema',
  '$id',
  '$comment',
  'title',
  'description',
  'default',
  'examples',
  'deprecated',
  'readOnly',
  'writeOnly',
  // OpenAI's strict mode marker; the grammar is always strict.
  'strict',
]);
const FORMATS = new Set(['date-time', 'date', 'time']);
const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);
const MAX_DEPTH = 32;
const MAX_NODES = 2000;

/**
 * The schema as node-llama-cpp's grammar builder reads it: `anyOf` as `oneOf` (the grammar accepts any
 * branch, which is what anyOf means), `definitions` as `$defs`, annotations dropped. Throws
 * UnsupportedSchemaError for a keyword the grammar would not enforce.
 */
export function grammarSchema(schema: unknown): JsonSchema {
  return walk(schema, '#', 0, { nodes: 0 });
}

function walk(node: unknown, path: string, depth: number, count: { nodes: number }): JsonSchema {
  if (++count.nodes > MAX_NODES) throw new UnsupportedSchemaError(path, 'The schema is too large.');
  if (depth > MAX_DEPTH) throw new UnsupportedSchemaError(path, 'The schema is nested too deeply.');
  if (node === true) return {};
  if (typeof node !== 'object' || node === null || Array.isArray(node)) {
    throw new UnsupportedSchemaError(path, `A schema must be an object (at ${path}).`);
  }
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    const at = `${path}/${key}`;
    if (ANNOTATIONS.has(key) || SAFE_BOUNDS[key]?.(value)) continue;
    if (!ENFORCED.has(key)) {
      throw new UnsupportedSchemaError(
        at,
        `The schema keyword '${key.slice(0, 40)}' (at ${path}) is not supported: the grammar could not enforce it. Remove it or check the value yourself.`,
      );
    }
    out[key === 'anyOf' ? 'oneOf' : key === 'definitions' ? '$defs' : key] = keyword(
      key,
      value,
      at,
      depth,
      count,
    );
  }
  // The grammar builder reads properties only under type 'object' (items only under 'array'), and
  // would otherwise let any value through.
  const shaped = (keys: string[]) => keys.some((k) => k in out);
  if (out.type === undefined && shaped(['properties', 'additionalProperties', 'required']))
    out.type = 'object';
  if (out.type === undefined && shaped(['items', 'prefixItems'])) out.type = 'array';
  if (Array.isArray(out.type) && out.type.some((t) => t === 'object' || t === 'array')) {
    throw new UnsupportedSchemaError(
      `${path}/type`,
      `A list of types with 'object' or 'array' in it (at ${path}) is not supported; use anyOf with one schema per type.`,
    );
  }
  return out;
}

function keyword(key: string, value: unknown, at: string, depth: number, count: { nodes: number }): unknown {
  const sub = (v: unknown, p: string) => walk(v, p, depth + 1, count);
  switch (key) {
    case 'properties':
    case '$defs':
    case 'definitions':
      return mapObject(value, at, sub);
    case 'oneOf':
    case 'anyOf':
    case 'prefixItems':
      if (!Array.isArray(value) || value.length === 0)
        throw new UnsupportedSchemaError(at, `'${key}' must be a non-empty array (at ${at}).`);
      return value.map((v, i) => sub(v, `${at}/${i}`));
    case 'items':
      return Array.isArray(value) ? value.map((v, i) => sub(v, `${at}/${i}`)) : sub(value, at);
    case 'additionalProperties':
      return typeof value === 'boolean' ? value : sub(value, at);
    case 'type': {
      const types = Array.isArray(value) ? value : [value];
      if (types.length === 0 || !types.every((t) => typeof t === 'string' && TYPES.has(t)))
        throw new UnsupportedSchemaError(at, `Unknown 'type' at ${at}.`);
      return value;
    }
    case 'format':
      if (typeof value !== 'string' || !FORMATS.has(value))
        throw new UnsupportedSchemaError(
          at,
          `The string format ${JSON.stringify(String(value).slice(0, 40))} (at ${at}) is not supported; date-time, date and time are.`,
        );
      return value;
    case '$ref':
      if (typeof value !== 'string' || !/^#\/(\$defs|definitions)\/[^/]+$/.test(value))
        throw new UnsupportedSchemaError(at, `Only local references (#/$defs/…) are supported (at ${at}).`);
      return value.replace('#/definitions/', '#/$defs/');
    default:
      return value;
  }
}

function mapObject(
  value: unknown,
  at: string,
  sub: (v: unknown, p: string) => JsonSchema,
): Record<string, JsonSchema> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new UnsupportedSchemaError(at, `Expected an object of schemas at ${at}.`);
  const out: Record<string, JsonSchema> = {};
  for (const [k, v] of Object.entries(value)) out[k] = sub(v, `${at}/${k}`);
  return out;
}
