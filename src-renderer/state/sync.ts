import { connection, on } from '../bridge.js';
import { osNotify, startApprovalsSync, useApprovals } from './agent.js';
import { useApp } from './app.js';
import { startMarketActivitySync, useMarketActivity } from './market-activity.js';
import { useSettings } from './settings.js';
import { startTasksSync, useTasks } from './tasks.js';
import { useVault } from './vault.js';
import { startWalletSync } from './wallet-sync.js';

/**
 * Keeps the stores in step with the owner process: live events, and a fresh read of everything on
 * each (re)connection, since events sent while disconnected are lost.
 */
export function startSync(): void {
  on('app.status', (status) => useApp.setState({ status }));
  on('settings.changed', (settings) => useSettings.getState().received(settings));
  on('vault.state', (state) => useVault.getState().received(state));
  on('vault.changed', ({ ids }) => useVault.getState().changed(ids));
  on('vault.progress', (progress) => useVault.getState().progress(progress));
  startMarketActivitySync();
  startApprovalsSync(osNotify);
  startTasksSync(osNotify);

  const refresh = () => {
    void useApp.getState().loadStatus();
    void useSettings.getState().load();
    void useMarketActivity.getState().load();
    void useApprovals.getState().load();
    // Runs that ended while disconnected sent events nobody heard: read the list again if it is shown.
    if (useTasks.getState().tasks !== null) void useTasks.getState().load();
    // A list shown before the connection dropped may be out of date (a first unlock loads its own).
    const hadList = useVault.getState().items !== null;
    void useVault
      .getState()
      .loadState()
      .then(() => {
        if (hadList) void useVault.getState().refresh();
      });
    if (useApp.getState().info || useApp.getState().infoError) void useApp.getState().loadInfo();
  };
  connection.onChange((state) => {
    useApp.setState((s) => ({ connection: state, everConnected: s.everConnected || state === 'open' }));
    if (state === 'open') refresh();
  });
  if (connection.state === 'open') refresh();
  startWalletSync();
}
