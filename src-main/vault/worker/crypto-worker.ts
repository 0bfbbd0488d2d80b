import { createReadStream } from 'node:fs';
import type { Transform } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import sodium from 'libsodium-wrappers-sumo';
import {
  createDecryptStream,
  createEncryptStream,
  isAgeError,
  ScryptRecipient,
  X25519Identity,
} from '../age/index.js';
import { pipeToNewFile, plaintextTap } from '../file-pipe.js';
import type { CryptoJob, FileResult, WorkerMessage } from './protocol.js';

// Runs one job (workerData) per thread, so Argon2id and bulk encryption never block the owner's
// event loop, and a job's memory (Argon2id's 256 MiB) is returned when the thread ends.
const post = (msg: WorkerMessage) => parentPort?.postMessage(msg);

async function run(job: CryptoJob): Promise<void> {
  switch (job.type) {
    case 'argon2id': {
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
      post({ type: 'done', key });
      return;
    }
    case 'encrypt-file':
      return post({
        type: 'done',
        file: await transform(job.src, job.dst, 'before', createEncryptStream([job.recipient])),
      });
    case 'decrypt-file':
      return post({
        type: 'done',
        file: await transform(
          job.src,
          job.dst,
          'after',
          createDecryptStream([X25519Identity.parse(job.identity)]),
        ),
      });
    case 'reencrypt-file': {
      const to =
        'recipient' in job.to
          ? job.to.recipient
          : new ScryptRecipient(job.to.passphrase, { logN: job.to.logN });
      const file = await transform(
        job.src,
        job.dst,
        'between',
        createDecryptStream([X25519Identity.parse(job.identity)]),
        createEncryptStream([to]),
      );
      return post({ type: 'done', file });
    }
  }
}

/**
 * Streams src through the cipher(s) into dst, hashing the plaintext where it passes ('before' the
 * encryptor, 'after' the decryptor, 'between' the two), and fsyncs dst. On failure dst is removed:
 * a half-written file must never look like a result.
 */
async function transform(
  src: string,
  dst: string,
  hashAt: 'before' | 'after' | 'between',
  ...stages: Transform[]
): Promise<FileResult> {
  const { tap, result } = plaintextTap((bytes) => post({ type: 'progress', bytes }));
  const chain: Transform[] =
    hashAt === 'before'
      ? [tap, ...stages]
      : hashAt === 'after'
        ? [...stages, tap]
        : [stages[0]!, tap, ...stages.slice(1)];
  await pipeToNewFile([createReadStream(src, { highWaterMark: 1 << 20 }), ...chain], dst);
  const file = result();
  post({ type: 'progress', bytes: file.size });
  return file;
}

run(workerData as CryptoJob).catch((err: unknown) => {
  const code = isAgeError(err) ? err.code : ((err as NodeJS.ErrnoException)?.code ?? 'FAILED');
  // Messages from fs and age never carry key material; they may name paths, which the caller owns.
  post({ type: 'error', code, message: err instanceof Error ? err.message : String(err) });
});
