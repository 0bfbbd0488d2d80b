import { create } from 'zustand';
import type { AppInfo } from '../../src-shared/api/services/app.js';
import type { AppStatus } from '../../src-shared/domain/status.js';
import { type ConnectionState, client, connection } from '../bridge.js';
import { errorMessage } from './errors.js';

interface AppState {
  /** What the owner process is running; null until the first answer. */
  status: AppStatus | null;
  info: AppInfo | null;
  infoError: string | null;
  connection: ConnectionState;
  /** Whether the bridge has ever been open: tells "connecting" from "reconnecting". */
  everConnected: boolean;
  loadStatus(): Promise<void>;
  loadInfo(): Promise<void>;
}

export const useApp = create<AppState>()((set) => ({
  status: null,
  info: null,
  infoError: null,
  connection: connection.state,
  everConnected: connection.state === 'open',
  async loadStatus() {
    try {
      set({ status: await client.app.status({}) });
    } catch (err) {
      console.warn('app.status failed:', errorMessage(err));
    }
  },
  async loadInfo() {
    set({ infoError: null });
    try {
      set({ info: await client.app.info({}) });
    } catch (err) {
      set({ infoError: errorMessage(err) });
    }
  },
}));
