import { startWorker } from '../../platform/workers.js';
import type { CryptoJob, FileResult, WorkerMessage } from './protocol.js';

export class CryptoJobError extends Error {
  override readonly name = 'CryptoJobError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const SOURCE = new URL('./crypto-worker.ts', import.meta.url);

function runJob(
  job: CryptoJob,
  onProgress?: (bytes: number) => void,
): Promise<WorkerMessage & { type: 'done' }> {
  return new Promise((resolve, reject) => {
    // Buffers listed for transfer leave this thread, so a passphrase copy does not linger here.
    const transfer = job.type === 'argon2id' ? [job.passphrase.buffer as ArrayBuffer] : [];
    const worker = startWorker('vault-crypto', SOURCE, { workerData: job, transferList: transfer });
    let settled = false;
    worker.on('message', (msg: WorkerMessage) => {
      if (msg.type === 'progress') onProgress?.(msg.bytes);
      else if (!settled) {
        settled = true;
        if (msg.type === 'done') resolve(msg);
        else reject(new CryptoJobError(msg.code, msg.message));
      }
    });
    worker.on('error', (err) => {
      if (!settled) {
        settled = true;
        reject(new CryptoJobError('WORKER_FAILED', err.message));
      }
    });
    worker.on('exit', (code) => {
      if (!settled) {
        settled = true;
        reject(new CryptoJobError('WORKER_FAILED', `The crypto worker exited with ${code}`));
      }
    });
  });
}

/** Argon2id on a worker thread; the passphrase buffer is transferred (and so emptied here). */
export async function argon2id(
  passphrase: Uint8Array,
  salt: Uint8Array,
  ops: number,
  mem: number,
  outLen = 32,
): Promise<Uint8Array> {
  const own = new Uint8Array(passphrase);
  const done = await runJob({ type: 'argon2id', passphrase: own, salt, ops, mem, outLen });
  if (!done.key) throw new CryptoJobError('KDF_FAILED', 'No key from the worker');
  return done.key;
}

export async function encryptFileOffThread(
  src: string,
  dst: string,
  recipient: string,
  onProgress?: (n: number) => void,
): Promise<FileResult> {
  return fileResult(await runJob({ type: 'encrypt-file', src, dst, recipient }, onProgress));
}

export async function decryptFileOffThread(
  src: string,
  dst: string,
  identity: string,
  onProgress?: (n: number) => void,
): Promise<FileResult> {
  return fileResult(await runJob({ type: 'decrypt-file', src, dst, identity }, onProgress));
}

export async function reencryptFileOffThread(
  src: string,
  dst: string,
  identity: string,
  to: Extract<CryptoJob, { type: 'reencrypt-file' }>['to'],
  onProgress?: (n: number) => void,
): Promise<FileResult> {
  return fileResult(await runJob({ type: 'reencrypt-file', src, dst, identity, to }, onProgress));
}

function fileResult(done: WorkerMessage & { type: 'done' }): FileResult {
  if (!done.file) throw new CryptoJobError('WORKER_FAILED', 'No result from the worker');
  return done.file;
}
