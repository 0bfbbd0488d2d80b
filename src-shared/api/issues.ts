import type { z } from 'zod';
import type { SahelError } from '../errors.js';

type Issue = z.core.$ZodIssue;

/**
 * One sentence for the first things wrong with an input, naming each field, for people rather than
 * schema text ("Invalid name: too long, at most 255 characters."). Used by the router for BAD_INPUT.
 */
export function describeIssues(issues: readonly Issue[], max = 3): string {
  const parts = issues.slice(0, max).map((i) => `${fieldName(i.path)}: ${problem(i)}`);
  const more = issues.length > max ? `; and ${issues.length - max} more` : '';
  return `${PREFIX}${parts.join('; ')}${more}.`;
}

const PREFIX = 'Invalid ';

/**
 * Whether an API error is the router refusing an input its schema does not allow (what the caller
 * typed is wrong), as opposed to a BAD_INPUT a service raised about the data itself.
 */
export function isSchemaRefusal(err: SahelError): boolean {
  return err.code === 'BAD_INPUT' && err.message.startsWith(PREFIX);
}

function fieldName(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'input';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`)).join('');
}

function problem(i: Issue): string {
  switch (i.code) {
    case 'too_big':
      if (i.origin === 'string') return `too long, at most ${i.maximum} characters`;
      if (i.origin === 'array' || i.origin === 'set') return `too many entries, at most ${i.maximum}`;
      return `too large, at most ${i.maximum}`;
    case 'too_small':
      if (i.origin === 'string')
        return Number(i.minimum) <= 1 ? 'empty' : `too short, at least ${i.minimum} characters`;
      if (i.origin === 'array' || i.origin === 'set') return `needs at least ${i.minimum} entries`;
      return `too small, at least ${i.minimum}`;
    case 'invalid_type':
      return i.input === undefined ? 'missing' : `must be ${article(i.expected)}`;
    case 'invalid_value':
      return `must be one of ${i.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.join(', ')}`;
    case 'invalid_format':
      // A schema's own wording ("an item id") reads as the expectation; zod's default does not.
      return i.message && !/^invalid/i.test(i.message) ? `must be ${i.message}` : `not a valid ${i.format}`;
    default:
      return i.message.charAt(0).toLowerCase() + i.message.slice(1);
  }
}

function article(noun: string): string {
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}
