import { join } from 'node:path';
import {
  app,
  type BrowserWindow,
  dialog,
  ipcMain,
  Notification,
  powerMonitor,
  protocol,
  safeStorage,
} from 'electron';
import { attachIpc } from '../../api/index.js';
import { DataDirLockedError, resolveDataDir } from '../../platform/index.js';
import { type Owner, startOwner } from '../owner.js';
import { APP_SCHEME, isAppUrl, registerAppProtocol } from './app-protocol.js';
import { safeStorageKeyring } from './keyring.js';
import { createTray } from './tray.js';
import { quitOnLastWindowClosed, trayItems } from './tray-menu.js';
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
  const core = owner.core;
  // Tasks the tray paused, so it can resume exactly those (others the user paused stay paused).
  const pausedHere = new Set<string>();
  const activeTasks = () => {
    try {
      return core.tasks.list().filter((t) => t.state === 'active').length;
    } catch {
      return 0;
    }
  };
  const tray = createTray(
    resourcesDir,
    () =>
      trayItems(
        {
          vaultUnlocked: core.vault.state().state === 'unlocked',
          activeTasks: activeTasks(),
          pausedHere: pausedHere.size,
        },
        {
          open,
          pauseAll: () => {
            for (const id of core.tasks.pauseAll()) pausedHere.add(id);
            tray.refresh();
          },
          resumePaused: () => {
            for (const id of pausedHere) {
              try {
                core.tasks.resume(id);
              } catch (err) {
                owner.log.warn('a task paused from the tray could not be resumed', { error: String(err) });
              }
            }
            pausedHere.clear();
            tray.refresh();
          },
          lock: () => core.vault.lock(),
          quit,
        },
      ),
    open,
  );
  for (const event of ['vault.state', 'tasks.run', 'app.status'] as const) core.bus.on(event, tray.refresh);

  // With no window to show them, the owner raises the OS notifications itself: a task's result, and an
  // approval that waits (the open window's renderer shows its own, so none is shown twice).
  const windowShown = () => win !== undefined && !win.isDestroyed() && win.isVisible();
  const notify = (title: string, body: string) => {
    if (!windowShown() && Notification.isSupported()) new Notification({ title, body }).show();
  };
  core.bus.on('tasks.notification', (n) => notify(n.title, n.body));
  let waiting = new Set<string>();
  core.bus.on('agent.approvals', ({ approvals }) => {
    for (const a of approvals)
      if (!waiting.has(a.id)) notify('Your agent waits for your approval', a.summary);
    waiting = new Set(approvals.map((a) => a.id));
  });

  // Keys leave memory when the machine sleeps or the screen locks.
  powerMonitor.on('suspend', () => owner.core.vault.lock());
  powerMonitor.on('lock-screen', () => owner.core.vault.lock());

  app.on('second-instance', open);
  app.on('activate', open);
  // Closing the window keeps the owner (and background tasks) running in the tray, unless the user's
  // setting says to quit.
  app.on('window-all-closed', () => {
    if (quitting || quitOnLastWindowClosed(core.settings())) quit();
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
