import { mkdirSync } from 'node:fs';
import type { AppInfo } from '../src-shared/api/services/app.js';
import type { AppStatus, OwnerKind } from '../src-shared/domain/status.js';
import { EventBus } from './api/event-bus.js';
import { appHandlers } from './api/handlers/app.js';
import { settingsHandlers } from './api/handlers/settings.js';
import { Router } from './api/router.js';
import type { Logger } from './platform/log.js';
import { type DataDirLayout, dataDirLayout } from './platform/paths.js';
import { APP_VERSION } from './platform/version.js';
import { type Db, openDatabase } from './store/database.js';
import { SettingsRepo } from './store/settings-repo.js';

export interface CoreOptions {
  dataDir: string;
  ownerKind: OwnerKind;
  log: Logger;
}

export interface Core {
  readonly layout: DataDirLayout;
  readonly router: Router;
  readonly bus: EventBus;
  status(): AppStatus;
  close(): void;
}

/**
 * The composition root: builds every service from the data dir and hands each what it needs. No
 * logic of its own beyond wiring; the shells (Electron, headless server) own the process around it.
 */
export function createCore(opts: CoreOptions): Core {
  const layout = dataDirLayout(opts.dataDir);
  mkdirSync(layout.root, { recursive: true, mode: 0o700 });
  const startedAt = new Date().toISOString();
  const db: Db = openDatabase(layout.database);
  const bus = new EventBus();
  const settings = new SettingsRepo(db);

  const status = (): AppStatus => ({
    version: APP_VERSION,
    owner: { pid: process.pid, kind: opts.ownerKind, dataDir: layout.root, startedAt },
    vault: { state: 'unavailable' },
    network: null,
    model: null,
    tasks: { running: 0 },
  });
  const info = (): AppInfo => ({
    name: 'Sahel',
    version: APP_VERSION,
    platform: `${process.platform}-${process.arch}`,
    node: process.versions.node,
    dataDir: layout.root,
    logFile: layout.logFile,
  });

  const router = new Router(
    {
      app: appHandlers({ status, info }),
      settings: settingsHandlers(settings, bus),
    },
    opts.log.child('api'),
  );

  return {
    layout,
    router,
    bus,
    status,
    close: () => db.close(),
  };
}
