import type { Worker } from 'node:worker_threads';
import { startWorker } from '../../platform/index.js';
import type {
  Argon2idJob,
  DecryptOptions,
  FileJob,
  FileJobMessage,
  FileResult,
  OpenedFile,
  ReencryptTarget,
  WorkerMessage,
  WorkerRole,
} from './protocol.js';

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

/** Argon2id in a thread of its own, ended after the job so that its 256 MiB are given back. */
function runArgon2id(job: Argon2idJob): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    // Buffers listed for transfer leave this thread, so a passphrase copy does not linger here.
    const transfer = [job.passphrase.buffer as ArrayBuffer];
    const worker = startWorker('vault-crypto', SOURCE, { workerData: job, transferList: transfer });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    worker.on('message', (msg: WorkerMessage) =>
      settle(() => {
        if (msg.type === 'done' && msg.key) resolve(msg.key);
        else if (msg.type === 'error') reject(new CryptoJobError(msg.code, msg.message));
        else reject(new CryptoJobError('KDF_FAILED', 'No key from the worker'));
      }),
    );
    worker.on('error', (err) => settle(() => reject(new CryptoJobError('WORKER_FAILED', err.message))));
    worker.on('exit', (code) =>
      settle(() => reject(new CryptoJobError('WORKER_FAILED', `The crypto worker exited with ${code}`))),
    );
  });
}

/** How long the file worker waits for another job before it ends (and its memory goes back). */
const IDLE_MS = 30_000;

interface Pending {
  resolve(file: OpenedFile): void;
  reject(err: Error): void;
  onProgress?: (bytes: number) => void;
}

/**
 * One long-lived thread for file jobs, started on the first and ended after IDLE_MS without one. It
 * holds the event loop open only while a job runs; if it dies, the jobs in flight fail and the next
 * job starts it afresh.
 */
class FileWorker {
  #worker: Worker | null = null;
  #next = 1;
  #idle: NodeJS.Timeout | undefined;
  readonly #pending = new Map<number, Pending>();

  run(job: FileJob, onProgress?: (bytes: number) => void): Promise<OpenedFile> {
    const worker = this.#worker ?? this.#start();
    clearTimeout(this.#idle);
    worker.ref();
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, ...(onProgress ? { onProgress } : {}) });
      worker.postMessage({ id, job });
    });
  }

  #start(): Worker {
    const files: WorkerRole = { type: 'files' };
    const worker = startWorker('vault-crypto', SOURCE, { workerData: files });
    worker.on('message', (msg: FileJobMessage) => {
      const job = this.#pending.get(msg.id);
      if (!job) return;
      if (msg.type === 'progress') return job.onProgress?.(msg.bytes);
      this.#pending.delete(msg.id);
      if (msg.type === 'done' && msg.file) job.resolve(msg.file);
      else if (msg.type === 'error') job.reject(new CryptoJobError(msg.code, msg.message));
      else job.reject(new CryptoJobError('WORKER_FAILED', 'No result from the worker'));
      this.#settled();
    });
    const fail = (message: string) => {
      if (this.#worker !== worker) return;
      this.#worker = null;
      clearTimeout(this.#idle);
      for (const job of this.#pending.values()) job.reject(new CryptoJobError('WORKER_FAILED', message));
      this.#pending.clear();
    };
    worker.on('error', (err) => fail(err.message));
    worker.on('exit', (code) => fail(`The crypto worker exited with ${code}`));
    this.#worker = worker;
    return worker;
  }

  #settled(): void {
    if (this.#pending.size > 0 || !this.#worker) return;
    const worker = this.#worker;
    worker.unref();
    this.#idle = setTimeout(() => {
      if (this.#worker !== worker || this.#pending.size > 0) return;
      this.#worker = null;
      void worker.terminate();
    }, IDLE_MS);
    this.#idle.unref();
  }
}

const files = new FileWorker();

/** Argon2id on a worker thread; the passphrase buffer is transferred (and so emptied here). */
export async function argon2id(
  passphrase: Uint8Array,
  salt: Uint8Array,
  ops: number,
  mem: number,
  outLen = 32,
): Promise<Uint8Array> {
  const own = new Uint8Array(passphrase);
  return runArgon2id({ type: 'argon2id', passphrase: own, salt, ops, mem, outLen });
}

/** An encryption job always hashes; a result without the hash is the worker's fault. */
function hashed(file: OpenedFile): FileResult {
  if (file.sha256 === null)
    throw new CryptoJobError('WORKER_FAILED', 'No hash of the plaintext from the worker');
  return { sha256: file.sha256, size: file.size };
}

export async function encryptFileOffThread(
  src: string,
  dst: string,
  recipient: string,
  onProgress?: (n: number) => void,
): Promise<FileResult> {
  return hashed(await files.run({ type: 'encrypt-file', src, dst, recipient }, onProgress));
}

export function decryptFileOffThread(
  src: string,
  dst: string,
  identity: string,
  opts: DecryptOptions = {},
  onProgress?: (n: number) => void,
): Promise<OpenedFile> {
  return files.run({ type: 'decrypt-file', src, dst, identity, opts }, onProgress);
}

export async function reencryptFileOffThread(
  src: string,
  dst: string,
  identity: string,
  to: ReencryptTarget,
  onProgress?: (n: number) => void,
): Promise<FileResult> {
  return hashed(await files.run({ type: 'reencrypt-file', src, dst, identity, to }, onProgress));
}
