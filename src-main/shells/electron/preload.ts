import { contextBridge, type IpcRendererEvent, ipcRenderer, webUtils } from 'electron';
import { contract } from '../../../src-shared/api/contract.js';
import { procedureNames } from '../../../src-shared/api/define.js';
import { isEventName } from '../../../src-shared/api/events.js';
import { type CallEnvelope, IPC_CHANNELS, type SahelBridge } from '../../../src-shared/api/ipc-channels.js';

// The preload exposes exactly one object, `window.sahel`: call a procedure of the contract by name,
// subscribe to an event of the contract. Names outside the contract never reach ipcRenderer.
const allowed = new Set<string>(procedureNames(contract));
const listenerCounts = new Map<string, number>();

const bridge: SahelBridge = {
  call(method, input): Promise<CallEnvelope> {
    if (typeof method !== 'string' || !allowed.has(method)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'UNKNOWN_PROCEDURE', message: 'Unknown procedure' },
      });
    }
    return ipcRenderer.invoke(IPC_CHANNELS.call, method, input) as Promise<CallEnvelope>;
  },
  subscribe(event, listener) {
    if (!isEventName(event) || typeof listener !== 'function') return () => {};
    const handler = (_e: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(IPC_CHANNELS.event, handler);
    const count = listenerCounts.get(event) ?? 0;
    listenerCounts.set(event, count + 1);
    if (count === 0) ipcRenderer.send(IPC_CHANNELS.subscribe, event);
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      ipcRenderer.off(IPC_CHANNELS.event, handler);
      const left = (listenerCounts.get(event) ?? 1) - 1;
      listenerCounts.set(event, left);
      if (left === 0) ipcRenderer.send(IPC_CHANNELS.unsubscribe, event);
    };
  },
  pathForFile(file) {
    // Only a real File from a drop or a file input has a path; anything else gets none.
    return file instanceof File ? webUtils.getPathForFile(file) : '';
  },
};

contextBridge.exposeInMainWorld('sahel', bridge);
