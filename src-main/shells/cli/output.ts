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

/**
 * Control characters (but line breaks and tabs), and the invisible characters that reorder or
 * disguise text: bidi embeddings, overrides and isolates, directional marks, line and paragraph
 * separators, zero-width joiners. A name holding U+202E would otherwise print reversed (a file
 * "exe.txt" shown as "txt.exe"), and an escape sequence could rewrite the terminal.
 */
const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

const codePoint = (ch: string) => `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Text from data (names, tags, messages, model output) as the terminal may show it: each unsafe
 * character becomes a visible `<U+202E>`, so nothing is hidden and nothing is reordered.
 */
export function printable(text: string): string {
  return text.replace(UNSAFE, (ch) => `<${codePoint(ch)}>`);
}

/** JSON keeps the data exact; the unsafe characters are only written as \u escapes, never raw. */
function jsonText(data: unknown): string {
  return JSON.stringify(data).replace(
    UNSAFE,
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
