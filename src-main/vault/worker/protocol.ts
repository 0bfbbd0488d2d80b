/** Jobs the vault's crypto worker runs off the event loop, and what it answers. */
export type CryptoJob = Argon2idJob | FileJob;

export interface Argon2idJob {
  type: 'argon2id';
  passphrase: Uint8Array;
  salt: Uint8Array;
  ops: number;
  mem: number;
  outLen: number;
}

export type FileJob =
  | { type: 'encrypt-file'; src: string; dst: string; recipient: string }
  | { type: 'decrypt-file'; src: string; dst: string; identity: string; opts: DecryptOptions }
  | { type: 'reencrypt-file'; src: string; dst: string; identity: string; to: ReencryptTarget };

export type ReencryptTarget = { recipient: string } | { passphrase: string; logN?: number };

export interface FileResult {
  /** sha256 of the plaintext, hex. */
  sha256: string;
  /** Plaintext bytes. */
  size: number;
}

/** A decrypted file: the sha256 only when the job was asked to hash. */
export interface OpenedFile {
  sha256: string | null;
  size: number;
}

export interface DecryptOptions {
  /**
   * The sha256 the vault bound to this blob's header (blob-binding.ts): checked against the bytes
   * the job actually reads, so a blob swapped after the caller's own check is refused as well.
   */
  header?: string | null;
  /** Hash the plaintext (sha256) as it is written. */
  hash?: boolean;
}

export type WorkerMessage =
  | { type: 'progress'; bytes: number }
  | { type: 'done'; key?: Uint8Array; file?: OpenedFile }
  | { type: 'error'; code: string; message: string };

/** What a worker thread is started as (its workerData): one Argon2id job, or the long-lived file worker. */
export type WorkerRole = Argon2idJob | { type: 'files' };

/**
 * The long-lived file worker takes jobs as messages (workerData is absent) and tags every answer
 * with the job's id, since several imports and exports may run at once.
 */
export interface FileJobRequest {
  id: number;
  job: FileJob;
}

export type FileJobMessage = WorkerMessage & { id: number };
