import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent, WebContents } from 'electron';
import { isEventName } from '../../../src-shared/api/events.js';
import { type CallEnvelope, IPC_CHANNELS } from '../../../src-shared/api/ipc-channels.js';
import { MAX_MESSAGE_BYTES } from '../../../src-shared/api/wire.js';
import type { Logger } from '../../platform/index.js';
import type { EventBus } from '../event-bus.js';
import type { Router } from '../router.js';

/**
 * The API over Electron IPC. Only frames loaded from the app's own origin may call: the sender frame's
 * URL is parsed and compared, so a navigated or injected frame gets nothing. Input size is bounded
 * like on the other transports.
 */
export function attachIpc(
  ipcMain: IpcMain,
  isTrustedUrl: (url: string) => boolean,
  router: Router,
  bus: EventBus,
  log: Logger,
): () => void {
  const subs = new Map<number, Map<string, () => void>>();

  const trusted = (event: IpcMainEvent | IpcMainInvokeEvent): boolean => {
    const url = event.senderFrame?.url;
    if (url && isTrustedUrl(url)) return true;
    log.warn('IPC from an untrusted frame refused', { url: url?.slice(0, 200) });
    return false;
  };

  ipcMain.handle(IPC_CHANNELS.call, async (event, method: unknown, input: unknown): Promise<CallEnvelope> => {
    if (!trusted(event)) return { ok: false, error: { code: 'BAD_MESSAGE', message: 'Untrusted sender' } };
    if (approxSize(input) > MAX_MESSAGE_BYTES) {
      return { ok: false, error: { code: 'PAYLOAD_TOO_LARGE', message: 'The request is too large' } };
    }
    return router.dispatch(method, input, { transport: 'ipc' });
  });

  ipcMain.on(IPC_CHANNELS.subscribe, (event, name: unknown) => {
    if (!trusted(event) || !isEventName(name)) return;
    const sender: WebContents = event.sender;
    let mine = subs.get(sender.id);
    if (!mine) {
      const created = new Map<string, () => void>();
      subs.set(sender.id, created);
      sender.once('destroyed', () => {
        for (const off of created.values()) off();
        subs.delete(sender.id);
      });
      mine = created;
    }
    if (mine.has(name)) return;
    mine.set(
      name,
      bus.on(name, (payload) => {
        if (!sender.isDestroyed()) sender.send(IPC_CHANNELS.event, name, payload);
      }),
    );
  });

  ipcMain.on(IPC_CHANNELS.unsubscribe, (event, name: unknown) => {
    if (typeof name !== 'string') return;
    const mine = subs.get(event.sender.id);
    mine?.get(name)?.();
    mine?.delete(name);
  });

  return () => {
    ipcMain.removeHandler(IPC_CHANNELS.call);
    ipcMain.removeAllListeners(IPC_CHANNELS.subscribe);
    ipcMain.removeAllListeners(IPC_CHANNELS.unsubscribe);
    for (const mine of subs.values()) for (const off of mine.values()) off();
  };
}

function approxSize(value: unknown): number {
  try {
    return JSON.stringify(value ?? null).length;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
