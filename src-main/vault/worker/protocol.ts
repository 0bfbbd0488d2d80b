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
  | { type: 'decrypt-file'; src: string; dst: string; identity: string }
  | { type: 'reencrypt-file'; src: string; dst: string; identity: string; to: ReencryptTarget };

export type ReencryptTarget = { recipient: string } | { passphrase: string; logN?: number };

export interface FileResult {
  /** sha256 of the plaintext, hex. */
  sha256: string;
  /** Plaintext bytes. */
  size: number;
}

export type WorkerMessage =
  | { type: 'progress'; bytes: number }
  | { type: 'done'; key?: Uint8Array; file?: FileResult }
  | { type: 'error'; code: string; message: string };

/**
 * The long-lived file worker takes jobs as messages (workerData is absent) and tags every answer
 * with the job's id, since several imports and exports may run at once.
 */
export interface FileJobRequest {
  id: number;
  job: FileJob;
}

export type FileJobMessage = WorkerMessage & { id: number };
