import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { CliError } from './output.js';

/** How long a pipe may take to deliver its first bytes (`<(…)`, `/dev/stdin` from a slow producer). */
const PIPE_WAIT_MS = 5000;
const POLL_MS = 20;

/**
 * The one reader of every `--*-file` flag that names a secret (passphrases, passwords, recovery
 * phrases, keys, keystores): a regular file up to `maxBytes`, or a pipe (`/dev/stdin`, `<(…)`) read
 * up to `maxBytes` until its end. Anything else (a device such as /dev/zero, a socket, a folder) is
 * refused, and a pipe is opened non-blocking, so that no file can grow memory without bound or hang
 * the command: a pipe that delivers nothing (no writer yet, or a silent one) is given up on after a
 * few seconds.
 */
export function readSecretFile(file: string, what: string, maxBytes: number): string {
  // Standard input is read where it is: reopening /dev/stdin fails when it is a socket (as under
  // many process supervisors and Node's own child processes).
  const stdin = file === '/dev/stdin' || file === '-';
  let fd: number;
  try {
    fd = stdin ? 0 : openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch {
    throw new CliError(`Cannot read the ${what} file ${file}`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() && !st.isFIFO() && !(stdin && st.isSocket())) {
      throw new CliError(
        `The ${what} file ${file} is not a regular file or a pipe: name a file that holds it`,
      );
    }
    if (st.isFile() && st.size > maxBytes) throw tooLarge(what, file, maxBytes);
    return readBounded(fd, st.isFIFO() || st.isSocket(), what, file, maxBytes).toString('utf8');
  } finally {
    if (!stdin) closeSync(fd);
  }
}

function readBounded(fd: number, pipe: boolean, what: string, file: string, maxBytes: number): Buffer {
  const buf = Buffer.alloc(maxBytes + 1);
  let got = 0;
  const deadline = Date.now() + PIPE_WAIT_MS;
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, buf, got, buf.length - got, null);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN')
        throw new CliError(`Cannot read the ${what} file ${file}`);
      n = -1;
    }
    // A pipe with nothing yet: no data (EAGAIN) or no writer yet (an end before any byte).
    if (n < 0 || (n === 0 && pipe && got === 0)) {
      if (Date.now() > deadline) {
        throw new CliError(
          `The ${what} file ${file} is a pipe that sent nothing within ${PIPE_WAIT_MS / 1000} s`,
        );
      }
      sleep(POLL_MS);
      continue;
    }
    if (n === 0) return buf.subarray(0, got);
    got += n;
    if (got > maxBytes) throw tooLarge(what, file, maxBytes);
  }
}

function tooLarge(what: string, file: string, maxBytes: number): CliError {
  return new CliError(`The ${what} file ${file} is too large (more than ${maxBytes / 1024} KiB)`);
}

/** A command-line process has nothing else to do while it waits for a pipe. */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
