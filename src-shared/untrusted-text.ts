/**
 * Text that came from outside (names, tags, chain strings, asset metadata, model output) as a screen
 * may show it. One rule for the CLI and the renderer, so what the terminal shows is what the page shows.
 *
 * Unsafe: control characters (but line breaks and tabs), and the invisible characters that reorder or
 * disguise text: bidi embeddings, overrides and isolates, directional marks, line and paragraph
 * separators, zero-width joiners. A name holding U+202E would otherwise print reversed (a file
 * "exe.txt" shown as "txt.exe"), and an escape sequence could rewrite the terminal.
 */
export const UNSAFE_TEXT =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

const codePoint = (ch: string) => `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** Each unsafe character becomes a visible `<U+202E>`, so nothing is hidden and nothing is reordered. */
export function printable(text: string): string {
  return text.replace(UNSAFE_TEXT, (ch) => `<${codePoint(ch)}>`);
}

/**
 * Untrusted text made printable and cut to `max` characters (code points, so no surrogate half is
 * left), an ellipsis marking the cut. Cut after neutralising, so a `<U+202E>` is never half shown.
 */
export function untrustedText(text: string, max: number): string {
  // Each raw code point shows as one or more, so the first 2·max+2 code units are all that can show.
  const chars = Array.from(printable(text.slice(0, max * 2 + 2)));
  return chars.length <= max ? chars.join('') : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** The same, on one line: line breaks and tabs become spaces (titles, names, list rows). */
export function untrustedLine(text: string, max: number): string {
  return untrustedText(text.replace(/[\r\n\t]+/g, ' '), max);
}

/**
 * What could open or close a fence, or pass for a turn of the conversation in a chat template: the
 * agent's fence tags, ChatML/Llama-3/Phi `<|…|>` markers, Llama-2's `<s>`, `</s>`, `[INST]`, `<<SYS>>`,
 * Gemma's `<start_of_turn>`/`<end_of_turn>` (any case, spaces inside).
 */
const ROLE_MARKER =
  /<(?=\s*\/?\s*(?:tool-data|s\s*>|start_of_turn|end_of_turn))|<(?=\|)|\[(?=\s*\/?\s*INST\s*\])|<(?=<\s*\/?\s*SYS\s*>)/gi;

/** Each marker's opening bracket's look-alike: shown the same to a reader, never the marker's token. */
const LOOK_ALIKE: Record<string, string> = { '<': '\u2039', '[': '\u2045' };

/**
 * Untrusted text on its way into a model's prompt: each role or fence marker above loses its opening
 * bracket to a look-alike (`‹/tool-data>`, `‹|im_start|>`, `⁅INST]`), and invisible or control
 * characters show as `<U+…>`. Role words in plain text ("system:") stay: the prompt labels it data.
 */
export function withoutRoleMarkers(text: string): string {
  return printable(text).replace(ROLE_MARKER, (ch) => LOOK_ALIKE[ch] ?? ch);
}
