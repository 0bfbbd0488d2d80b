/**
 * The age v1 textual header: the version line, one or more recipient stanzas, and the `---` line that
 * carries an HMAC-SHA-256 of everything before it. Parsing is strict (canonical base64, 64-column
 * body lines, exactly one short final body line per stanza) so that the bytes on disk are the only
 * encoding of a header, which is what lets the MAC cover the original bytes directly.
 */
import { decodeRaw, encodeRaw } from './base64.js';
import { AgeError } from './errors.js';
import { constantTimeEqual, hkdf, hmacSha256 } from './primitives.js';

export interface Stanza {
  readonly type: string;
  readonly args: readonly string[];
  readonly body: Uint8Array;
}

export interface ParsedHeader {
  stanzas: Stanza[];
  /** The header bytes the MAC covers: from the version line through `---`. */
  macInput: Buffer;
  mac: Buffer;
}

export const INTRO = 'age-encryption.org/v1\n';
const INTRO_BYTES = Buffer.from(INTRO, 'latin1');
const VERSION_PREFIX = Buffer.from('age-encryption.org/', 'latin1');
const MAC_PREFIX = Buffer.from('\n---', 'latin1');
const COLUMNS = 64;
const BYTES_PER_LINE = (COLUMNS / 4) * 3;
const MAC_SIZE = 32;
/** Stanzas are a few hundred bytes (a post-quantum one is ~1.6 KiB); this only bounds buffering. */
export const MAX_HEADER_SIZE = 1 << 20;

function headerError(message: string): AgeError {
  return new AgeError('HEADER_INVALID', message);
}

/**
 * Rejects input whose first bytes already disagree with the version line, so a stream of garbage
 * fails at once instead of after MAX_HEADER_SIZE bytes.
 */
export function checkIntroPrefix(buf: Uint8Array): void {
  const n = Math.min(buf.length, INTRO_BYTES.length);
  if (Buffer.from(buf.buffer, buf.byteOffset, n).equals(INTRO_BYTES.subarray(0, n))) return;
  const v = Math.min(buf.length, VERSION_PREFIX.length);
  if (v === VERSION_PREFIX.length && Buffer.from(buf.buffer, buf.byteOffset, v).equals(VERSION_PREFIX)) {
    throw new AgeError('VERSION_UNSUPPORTED', 'unsupported format version');
  }
  throw headerError('not an age file: bad version line');
}

/**
 * Returns the offset just past the `---` line, or -1 when the buffer does not hold it yet. The first
 * line starting with `---` is always the MAC line: stanza lines start with `->` and body lines are
 * base64, which has no `-`.
 */
export function findHeaderEnd(buf: Buffer): number {
  const start = buf.indexOf(MAC_PREFIX);
  if (start < 0) return -1;
  const nl = buf.indexOf(0x0a, start + MAC_PREFIX.length);
  return nl < 0 ? -1 : nl + 1;
}

function isValidArg(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 33 || c > 126) return false;
  }
  return true;
}

/** Parses exactly the header bytes (through the newline ending the MAC line). */
export function parseHeader(bytes: Buffer): ParsedHeader {
  checkIntroPrefix(bytes);
  if (bytes.length < INTRO_BYTES.length) throw headerError('truncated header');
  const text = bytes.toString('latin1');
  if (!text.endsWith('\n')) throw headerError('truncated header');
  const lines = text.slice(INTRO.length, -1).split('\n');
  const stanzas: Stanza[] = [];
  let open: { type: string; args: string[]; body: Buffer[] } | null = null;
  let offset = INTRO.length;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.startsWith('---')) {
      if (open) throw headerError('stanza is missing its final body line');
      if (i !== lines.length - 1) throw headerError('data after the MAC line');
      const parts = line.split(' ');
      if (parts.length !== 2 || parts[0] !== '---') throw headerError('malformed MAC line');
      const mac = decodeRaw(parts[1] ?? '');
      if (!mac || mac.length !== MAC_SIZE) throw headerError('malformed MAC');
      if (stanzas.length === 0) throw headerError('header has no recipient stanzas');
      return { stanzas, macInput: bytes.subarray(0, offset + 3), mac };
    }
    if (line.startsWith('->')) {
      if (open) throw headerError('stanza is missing its final body line');
      const parts = line.split(' ');
      if (parts[0] !== '->' || parts.length < 2) throw headerError('malformed stanza line');
      const args = parts.slice(1);
      if (!args.every(isValidArg)) throw headerError('invalid stanza argument');
      open = { type: args[0] ?? '', args: args.slice(1), body: [] };
    } else if (open) {
      if (line.length > COLUMNS) throw headerError('stanza body line too long');
      const chunk = decodeRaw(line);
      if (!chunk) throw headerError('stanza body is not canonical base64');
      open.body.push(chunk);
      if (chunk.length < BYTES_PER_LINE) {
        stanzas.push({ type: open.type, args: open.args, body: Buffer.concat(open.body) });
        open = null;
      }
    } else {
      throw headerError('unexpected line in header');
    }
    offset += line.length + 1;
  }
  throw headerError('header has no MAC line');
}

function wrapBody(body: Uint8Array): string {
  const b64 = encodeRaw(body);
  let out = '';
  for (let i = 0; i < b64.length; i += COLUMNS) out += `${b64.slice(i, i + COLUMNS)}\n`;
  // The last body line must be short, so a body filling whole lines gets an empty final line.
  if (b64.length % COLUMNS === 0) out += '\n';
  return out;
}

export function headerMacKey(fileKey: Uint8Array): Buffer {
  return hkdf(fileKey, new Uint8Array(0), 'header');
}

/** Serializes stanzas and appends the MAC line computed under the file key. */
export function serializeHeader(stanzas: readonly Stanza[], fileKey: Uint8Array): Buffer {
  let text = INTRO;
  for (const s of stanzas) {
    if (![s.type, ...s.args].every(isValidArg)) throw new AgeError('INVALID_ARGUMENT', 'invalid stanza');
    text += `-> ${[s.type, ...s.args].join(' ')}\n${wrapBody(s.body)}`;
  }
  text += '---';
  const macInput = Buffer.from(text, 'latin1');
  const mac = hmacSha256(headerMacKey(fileKey), macInput);
  return Buffer.concat([macInput, Buffer.from(` ${encodeRaw(mac)}\n`, 'latin1')]);
}

export function verifyHeaderMac(header: ParsedHeader, fileKey: Uint8Array): void {
  const expected = hmacSha256(headerMacKey(fileKey), header.macInput);
  if (!constantTimeEqual(expected, header.mac)) throw new AgeError('MAC_MISMATCH', 'header MAC mismatch');
}
