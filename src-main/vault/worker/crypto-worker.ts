import { createReadStream } from 'node:fs';
import type { Transform } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import {
  createDecryptStream,
  createEncryptStream,
  isAgeError,
  ScryptRecipient,
  X25519Identity,
} from '../age/index.js';
import { pipeToNewFile, plaintextTap } from '../file-pipe.js';
import { decryptFileBatched, encryptFileBatched } from './file-jobs.js';
import type {
  Argon2idJob,
  FileJob,
  FileJobMessage,
  FileJobRequest,
  OpenedFile,
  WorkerMessage,
  WorkerRole,
} from './protocol.js';

// Two roles (workerData). One Argon2id job, then the thread ends, so its 256 MiB go back to the
// system. Or the long-lived file worker, taking jobs as messages, so a large import or export does not
// pay for a thread and module load each time and the owner's memory stays flat.

async function argon2id(job: Argon2idJob): Promise<Uint8Array> {
  // Loaded only here: the file worker never instantiates libsodium's WebAssembly.
  const { default: sodium } = await import('libsodium-wrappers-sumo');
  await sodium.ready;
  const key = sodium.crypto_pwhash(
    job.outLen,
    job.passphrase,
    job.salt,
    job.ops,
    job.mem,
    sodium.crypto_pwhash_ALG_ARGON2ID13,
  );
  sodium.memzero(job.passphrase);
  // libsodium.js has been seen to return all zeros instead of failing when out of memory.
  if (key.every((b) => b === 0))
    throw Object.assign(new Error('Key derivation failed'), { code: 'KDF_FAILED' });
  return key;
}

function runFileJob(job: FileJob, progress: (bytes: number) => void): Promise<OpenedFile> {
  switch (job.type) {
    case 'encrypt-file':
      return encryptFileBatched(job.src, job.dst, job.recipient, progress);
    case 'decrypt-file':
      return decryptFileBatched(job.src, job.dst, job.identity, progress, job.opts);
    case 'reencrypt-file': {
      // Files from outside may be armored, which only the stream decryptor reads.
      const to =
        'recipient' in job.to
          ? job.to.recipient
          : new ScryptRecipient(job.to.passphrase, { logN: job.to.logN });
      return between(
        job.src,
        job.dst,
        progress,
        createDecryptStream([X25519Identity.parse(job.identity)]),
        createEncryptStream([to]),
      );
    }
  }
}

/** Streams src through decryptor and encryptor into dst, hashing the plaintext between the two. */
async function between(
  src: string,
  dst: string,
  progress: (bytes: number) => void,
  decrypt: Transform,
  encrypt: Transform,
): Promise<OpenedFile> {
  const { tap, result } = plaintextTap(progress);
  await pipeToNewFile([createReadStream(src, { highWaterMark: 1 << 20 }), decrypt, tap, encrypt], dst);
  return result();
}

function failure(err: unknown): WorkerMessage & { type: 'error' } {
  const code = isAgeError(err) ? err.code : ((err as NodeJS.ErrnoException)?.code ?? 'FAILED');
  // Messages from fs and age never carry key material; they may name paths, which the caller owns.
  return { type: 'error', code, message: err instanceof Error ? err.message : String(err) };
}

const PROGRESS_STEP = 1 << 20;

function serveFiles(): void {
  parentPort?.on('message', ({ id, job }: FileJobRequest) => {
    const post = (msg: FileJobMessage) => parentPort?.postMessage(msg);
    let reported = 0;
    const progress = (bytes: number) => {
      if (bytes - reported < PROGRESS_STEP) return;
      reported = bytes;
      post({ id, type: 'progress', bytes });
    };
    runFileJob(job, progress).then(
      (file) => {
        post({ id, type: 'progress', bytes: file.size });
        post({ id, type: 'done', file });
      },
      (err: unknown) => post({ id, ...failure(err) }),
    );
  });
}

const role = workerData as WorkerRole;
if (role.type === 'argon2id') {
  argon2id(role).then(
    (key) => parentPort?.postMessage({ type: 'done', key } satisfies WorkerMessage),
    (err: unknown) => parentPort?.postMessage(failure(err)),
  );
} else {
  serveFiles();
}
