/**
 * The optional ASCII armor: strict PEM of type "AGE ENCRYPTED FILE", padded canonical base64 in
 * 64-column lines, no PEM headers, LF or CRLF line ends, whitespace tolerated only before the BEGIN
 * line and after the END line. Sahel writes binary files; armor exists so a user can paste a file
 * made with `age -a`. It works on whole buffers (armored files are meant to be small text).
 */
import { decodePadded, encodePadded } from './base64.js';
import { AgeError } from './errors.js';

const BEGIN = '-----BEGIN AGE ENCRYPTED FILE-----';
const END = '-----END AGE ENCRYPTED FILE-----';
const COLUMNS = 64;
const BYTES_PER_LINE = (COLUMNS / 4) * 3;
/** Bounds the whitespace skipped around the armor, as the reference implementation does. */
const MAX_WHITESPACE = 1024;

function armorError(message: string): AgeError {
  return new AgeError('ARMOR_INVALID', message);
}

function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/** Whether the input looks armored: optional whitespace, then a PEM BEGIN marker. */
export function looksArmored(data: Uint8Array): boolean {
  let i = 0;
  while (i < data.length && i <= MAX_WHITESPACE && isSpace(data[i] ?? 0)) i++;
  return (
    Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1', i, i + 10) === '-----BEGIN'
  );
}

export function armor(data: Uint8Array): string {
  const b64 = encodePadded(data);
  let out = `${BEGIN}\n`;
  for (let i = 0; i < b64.length; i += COLUMNS) out += `${b64.slice(i, i + COLUMNS)}\n`;
  return `${out}${END}\n`;
}

export function dearmor(input: Uint8Array | string): Buffer {
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('latin1');
  let pos = 0;
  /** Next line without its LF and at most one CR before it; null at end of input. */
  const nextLine = (): string | null => {
    if (pos >= text.length) return null;
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    const line = text.slice(pos, end);
    pos = nl < 0 ? text.length : nl + 1;
    return line.endsWith('\r') ? line.slice(0, -1) : line;
  };

  let line = nextLine();
  while (line !== null && [...line].every((ch) => isSpace(ch.charCodeAt(0)))) {
    if (pos > MAX_WHITESPACE) throw armorError('too much leading whitespace');
    line = nextLine();
  }
  if (line !== BEGIN) throw armorError('missing BEGIN line');

  const parts: Buffer[] = [];
  for (;;) {
    line = nextLine();
    if (line === null) throw armorError('missing END line');
    if (line === END) break;
    if (line.length === 0) throw armorError('empty line inside armor');
    if (line.length > COLUMNS) throw armorError('armor line too long');
    const bytes = decodePadded(line);
    if (!bytes) throw armorError('armor line is not canonical base64');
    parts.push(bytes);
    if (bytes.length < BYTES_PER_LINE) {
      // Only the last line may be short, and the END line must follow it.
      if (nextLine() !== END) throw armorError('short line before the end of the armor');
      break;
    }
  }

  const rest = text.slice(pos);
  if (rest.length >= MAX_WHITESPACE) throw armorError('too much trailing data');
  for (let i = 0; i < rest.length; i++) {
    if (!isSpace(rest.charCodeAt(i))) throw armorError('data after the END line');
  }
  return Buffer.concat(parts);
}
