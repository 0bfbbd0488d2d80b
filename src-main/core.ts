import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AppInfo } from '../src-shared/api/services/app.js';
import type { AppStatus, OwnerKind } from '../src-shared/domain/status.js';
import { EventBus } from './api/event-bus.js';
import { appHandlers } from './api/handlers/app.js';
import { modelsHandlers } from './api/handlers/models.js';
import { settingsHandlers } from './api/handlers/settings.js';
import { vaultHandlers } from './api/handlers/vault.js';
import { Router } from './api/router.js';
import { LlmService } from './llm/llm-service.js';
import { loadCatalog } from './llm/models/catalog.js';
import { ModelManager } from './llm/models/model-manager.js';
import type { Logger } from './platform/log.js';
import { type DataDirLayout, dataDirLayout } from './platform/paths.js';
import { APP_VERSION } from './platform/version.js';
import { type Db, openDatabase } from './store/database.js';
import { ModelsRepo } from './store/models-repo.js';
import { SettingsRepo } from './store/settings-repo.js';
import { VaultItemsRepo } from './store/vault-items-repo.js';
import type { DeviceKeyring } from './vault/device-keyring.js';
import type { KdfPolicy } from './vault/kdf.js';
import { Vault } from './vault/vault.js';

export interface CoreOptions {
  dataDir: string;
  ownerKind: OwnerKind;
  log: Logger;
  /** Argon2id policy; only tests pass a weaker one, to keep hundreds of crash runs fast. */
  kdfPolicy?: KdfPolicy;
  /** The system keychain for "remember on this device"; only the desktop app has one. */
  deviceKeyring?: DeviceKeyring;
  /** Hugging Face's address for model downloads (default: $HF_ENDPOINT, else huggingface.co). */
  hfEndpoint?: string;
  /** 'cpu' keeps the model engine off GPUs (default: $SAHEL_GPU, else auto). */
  llmGpu?: 'auto' | 'cpu';
}

export interface Core {
  readonly layout: DataDirLayout;
  readonly router: Router;
  readonly bus: EventBus;
  readonly vault: Vault;
  /** The model engine and what it holds: chat and retrieval generate through `llm.engine()`. */
  readonly llm: LlmService;
  readonly models: ModelManager;
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
  const vault = new Vault({
    dir: join(layout.root, 'vault'),
    runDir: layout.run,
    repo: new VaultItemsRepo(db),
    log: opts.log.child('vault'),
    ...(opts.kdfPolicy ? { policy: opts.kdfPolicy } : {}),
    ...(opts.deviceKeyring ? { keyring: opts.deviceKeyring } : {}),
    events: {
      state: (s) => bus.emit('vault.state', s),
      changed: (ids) => bus.emit('vault.changed', { ids }),
      progress: (p) => bus.emit('vault.progress', p),
    },
  });
  vault.setAutoLock(settings.get().vaultAutoLockMinutes);

  const llm = new LlmService({
    log: opts.log.child('llm'),
    gpu: opts.llmGpu ?? (process.env.SAHEL_GPU === 'cpu' ? 'cpu' : 'auto'),
    onStatus: (s) => {
      bus.emit('llm.engine', s);
      bus.emit('models.changed', { ids: [] });
      // The status bar names the loaded model.
      bus.emit('app.status', status());
    },
  });
  const hfEndpoint = opts.hfEndpoint ?? process.env.HF_ENDPOINT;
  const models = new ModelManager({
    repo: new ModelsRepo(db),
    dir: join(layout.root, 'models'),
    catalog: loadCatalog(),
    log: opts.log.child('models'),
    ...(hfEndpoint ? { hfEndpoint } : {}),
    isLoaded: (id) => llm.loaded()?.id === id,
    events: {
      progress: (p) => bus.emit('models.progress', p),
      changed: (ids) => bus.emit('models.changed', { ids }),
    },
  });
  // A one-command CLI owner does not pick up downloads it would abandon when it exits.
  if (opts.ownerKind !== 'cli') models.resumeInterrupted();
  bus.on('settings.changed', (s) => vault.setAutoLock(s.vaultAutoLockMinutes));

  const status = (): AppStatus => ({
    version: APP_VERSION,
    owner: { pid: process.pid, kind: opts.ownerKind, dataDir: layout.root, startedAt },
    vault: { state: vault.state().state },
    network: null,
    model: ((m) => m && { id: m.id, name: m.name })(llm.loaded()),
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
      vault: vaultHandlers(vault),
      models: modelsHandlers(models, llm),
    },
    opts.log.child('api'),
  );

  return {
    layout,
    router,
    bus,
    vault,
    llm,
    models,
    status,
    close: () => {
      vault.close();
      models.close();
      void llm.dispose();
      db.close();
    },
  };
}
