import type { TxRecord } from '../../../../src-shared/domain/tx.js';

export interface ConfirmAndWait {
  /** Subscribes to `tx.updated`; returns the unsubscribe. */
  subscribe(listener: (tx: TxRecord) => void): () => void;
  /** Signs and broadcasts; answers the hash. */
  confirm(): Promise<string>;
  /** The stored record of a transaction, as the owner has it now. */
  stored(hash: string): Promise<TxRecord | undefined>;
  /** Wait for the receipt (false: return once broadcast). */
  wait: boolean;
  timeoutMs: number;
}

/**
 * Confirms a send and waits for its settled record. The owner may announce the receipt before
 * `confirm` has answered the hash (a local chain mines at once), so every settled update is kept
 * from before confirming on, matched by hash once it is known, and the stored state is asked after
 * subscribing too: the wait never depends on which of the two arrives first.
 */
export async function confirmAndWait(o: ConfirmAndWait): Promise<{ hash: string; tx: TxRecord | undefined }> {
  const settled = new Map<string, TxRecord>();
  let want: { hash: string; resolve(tx: TxRecord): void } | undefined;
  const stop = o.subscribe((tx) => {
    if (tx.status === 'pending') return;
    if (want?.hash === tx.hash) want.resolve(tx);
    else settled.set(tx.hash, tx);
  });
  try {
    const hash = await o.confirm();
    if (!o.wait) return { hash, tx: undefined };
    const arrived = new Promise<TxRecord>((resolve) => {
      want = { hash, resolve };
      const early = settled.get(hash);
      if (early) resolve(early);
    });
    const fromStore = o.stored(hash).then((tx) => (tx && tx.status !== 'pending' ? tx : arrived));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), o.timeoutMs);
    });
    const tx = await Promise.race([arrived, fromStore, timeout]);
    clearTimeout(timer);
    return { hash, tx };
  } finally {
    stop();
  }
}
