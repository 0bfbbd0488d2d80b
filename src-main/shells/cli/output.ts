import { printable, UNSAFE_TEXT } from '../../../src-shared/untrusted-text.js';

export { printable };

/** How every command reports: human text by default, one JSON document with --json. */
export interface Output {
  readonly json: boolean;
  result(human: string, data: unknown): void;
  note(line: string): void;
}

export function createOutput(json: boolean): Output {
  return {
    json,
    result(human, data) {
      process.stdout.write(json ? `${jsonText(data)}\n` : `${printable(human)}\n`);
    },
    note(line) {
      // Progress and hints go to stderr so --json output stays parseable.
      process.stderr.write(`${printable(line)}\n`);
    },
  };
}

/** JSON keeps the data exact; the unsafe characters are only written as \u escapes, never raw. */
function jsonText(data: unknown): string {
  return JSON.stringify(data).replace(
    UNSAFE_TEXT,
    (ch) => `\\u${(ch.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`,
  );
}

/** A failure the user caused or can fix: one line on stderr, exit 1. */
export class CliError extends Error {
  override readonly name = 'CliError';
}

/** The command line itself is wrong: exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;
