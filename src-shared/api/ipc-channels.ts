/**
 * The only Electron IPC channel names in Sahel. Procedures and events travel inside these four
 * channels by name, checked against the contract on both sides; nothing else is exposed.
 */
export const IPC_CHANNELS = {
  call: 'sahel:call',
  subscribe: 'sahel:subscribe',
  unsubscribe: 'sahel:unsubscribe',
  event: 'sahel:event',
} as const;

/** What a call over IPC resolves to: the preload never rejects, so the error code survives the bridge. */
export type CallEnvelope =
  | { ok: true; value: unknown }
  | { ok: false; error: { code: string; message: string } };

/** The object the preload puts on `window.sahel`. */
export interface SahelBridge {
  call(method: string, input: unknown): Promise<CallEnvelope>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
  /** Where a file dropped on the window lives on disk (Electron's webUtils), for the vault's import. */
  pathForFile(file: unknown): string;
}
