import { join } from 'node:path';
import { app, type BrowserWindow, dialog, ipcMain, powerMonitor, protocol, safeStorage } from 'electron';
import { attachIpc } from '../../api/index.js';
import { DataDirLockedError, resolveDataDir } from '../../platform/index.js';
import { type Owner, startOwner } from '../owner.js';
import { APP_SCHEME, isAppUrl, registerAppProtocol } from './app-protocol.js';
import { safeStorageKeyring } from './keyring.js';
import { createTray } from './tray.js';
import { createMainWindow } from './windows.js';

// Electron main: the desktop owner process. It must register the app:// scheme before `ready`.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

if (!app.requestSingleInstanceLock()) {
  app.exit(0);
} else {
  void run();
}

async function run(): Promise<void> {
  await app.whenReady();
  const appDir = app.getAppPath();
  const dataDir = resolveDataDir({
    flag: flagValue(process.argv, '--data-dir'),
    env: process.env.SAHEL_HOME,
    electronUserData: app.getPath('userData'),
  });

  let owner: Owner;
  try {
    owner = await startOwner({ dataDir, kind: 'electron', deviceKeyring: safeStorageKeyring(safeStorage) });
  } catch (err) {
    const message =
      err instanceof DataDirLockedError ? err.message : `Sahel could not start: ${(err as Error).message}`;
    dialog.showErrorBox('Sahel', message);
    app.exit(1);
    return;
  }

  registerAppProtocol(protocol, join(appDir, 'dist', 'renderer'));
  const detachIpc = attachIpc(ipcMain, isAppUrl, owner.core.router, owner.core.bus, owner.log.child('ipc'));

  let win: BrowserWindow | undefined;
  const open = () => {
    if (!win || win.isDestroyed()) win = createMainWindow(join(appDir, 'dist', 'main'));
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };
  let quitting = false;
  const quit = () => {
    quitting = true;
    app.quit();
  };
  const resourcesDir = app.isPackaged ? process.resourcesPath : join(appDir, 'resources');
  createTray(resourcesDir, { open, quit });

  // Keys leave memory when the machine sleeps or the screen locks.
  powerMonitor.on('suspend', () => owner.core.vault.lock());
  powerMonitor.on('lock-screen', () => owner.core.vault.lock());

  app.on('second-instance', open);
  app.on('activate', open);
  // Closing the window keeps the owner (and background tasks) running in the tray.
  app.on('window-all-closed', () => {
    if (quitting) app.quit();
  });
  app.on('before-quit', (event) => {
    if (!quitting) quitting = true;
    event.preventDefault();
    detachIpc();
    void owner.close().finally(() => app.exit(0));
  });
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (ev) => ev.preventDefault());
  });
  open();
}

function flagValue(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  if (i >= 0) return argv[i + 1];
  return argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}
