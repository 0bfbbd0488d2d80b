import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { SahelError } from '../../../src-shared/errors.js';
import type { InspectReply } from './gguf.js';
import { parseGgufHeader } from './gguf-header.js';

// A child process of its own reads an untrusted GGUF header (gguf.ts explains why not a worker).
// It answers one message and exits; a header that still got the better of the parser takes down
// only this process.
const [path, label] = process.argv.slice(2) as [string, string];

function inspect(): InspectReply {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return { ok: false, code: 'NOT_FOUND', message: `Cannot read ${label}` };
  }
  try {
    const size = fstatSync(fd).size;
    const src = { size, read: (b: Buffer, o: number, l: number, p: number) => readSync(fd, b, o, l, p) };
    return { ok: true, summary: parseGgufHeader(src, label) };
  } catch (err) {
    if (SahelError.is(err) && err.code === 'BAD_INPUT')
      return { ok: false, code: 'BAD_INPUT', message: err.message };
    return { ok: false, code: 'BAD_INPUT', message: `${label} could not be read: ${(err as Error).message}` };
  } finally {
    closeSync(fd);
  }
}

process.send?.(inspect(), () => process.disconnect());
