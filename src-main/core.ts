import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AppInfo } from '../src-shared/api/services/app.js';
import type { EngineStatus } from '../src-shared/domain/models.js';
import type { DevnetStatus, NetworkInfo } from '../src-shared/domain/network.js';
import type { Settings } from '../src-shared/domain/settings.js';
import type { AppStatus, OwnerKind } from '../src-shared/domain/status.js';
import type { TasksPort } from './agent/index.js';
import {
  appHandlers,
  chatHandlers,
  EventBus,
  marketBuyHandlers,
  marketEarningsHandlers,
  marketHandlers,
  marketPublishHandlers,
  modelsHandlers,
  networkHandlers,
  Router,
  settingsHandlers,
  txHandlers,
  vaultHandlers,
  walletHandlers,
} from './api/index.js';
import { CacheSync, Devnet, Networks, TxPipeline } from './chain/index.js';
import { agentLinks, wireAgent } from './core-agent.js';
import { hookList, slot, type VaultHook } from './core-hooks.js';
import { wireTasks } from './core-tasks.js';
import {
  createChat,
  engineEmbedder,
  LlmService,
  loadCatalog,
  ModelManager,
  offerBought,
  VaultAdapters,
  VaultModels,
  VaultRetriever,
} from './llm/index.js';
import { type AssetKeys, BoughtLicences, BoughtParts, demoMarket, openMarket } from './market/index.js';
import { APP_VERSION, type DataDirLayout, dataDirLayout, type Logger } from './platform/index.js';
import {
  BalancesRepo,
  ChainCacheRepo,
  type Db,
  MarketTradesRepo,
  ModelRolesRepo,
  ModelsRepo,
  NetworksRepo,
  openDatabase,
  SettingsRepo,
  TxRepo,
  VaultItemsRepo,
  WalletRepo,
} from './store/index.js';
import type { Tasks } from './tasks/index.js';
import { type DeviceKeyring, type KdfPolicy, Vault } from './vault/index.js';
import { Wallet } from './wallet/index.js';

export interface CoreOptions {
  dataDir: string;
  ownerKind: OwnerKind;
  log: Logger;
  /** Argon2id policy; only tests pass a weaker one, to keep hundreds of crash runs fast. */
  kdfPolicy?: KdfPolicy;
  /** The system keychain for "remember on this device"; only the desktop app has one. */
  deviceKeyring?: DeviceKeyring;
  /** Hugging Face's address for model downloads (default huggingface.co; tests use a loopback one). */
  hfEndpoint?: string;
  /** 'cpu' keeps the model engine off GPUs (default auto). */
  llmGpu?: 'auto' | 'cpu';
  /** Where chat replies come from: the engine (default), or 'scripted:<file>' for deterministic runs. */
  chatProvider?: string;
}

export interface Core {
  readonly layout: DataDirLayout;
  readonly router: Router;
  readonly bus: EventBus;
  readonly vault: Vault;
  /** HD accounts and their signers (`wallet.signer(address)`); keys exist only while the vault is unlocked. */
  readonly wallet: Wallet;
  /** The model engine and what it holds: chat and retrieval generate through `llm.engine()`. */
  readonly llm: LlmService;
  readonly models: ModelManager;
  /** Passages of the user's vault documents for a question, with the item ids to cite. */
  readonly retriever: VaultRetriever;
  /** The chain in use: `networks.active()` starts the embedded devnet on first use. */
  readonly networks: Networks;
  /** The identities of assets this data dir published, by asset id (delivery seals them to buyers). */
  readonly assetKeys: AssetKeys;
  /** Delegated tasks (the tray pauses them all). */
  readonly tasks: Tasks;
  /** The user's settings as they are now. */
  settings(): Settings;
  status(): AppStatus;
  /** Stops everything the core started (the engine, anvil) and waits until those processes are gone. */
  close(): Promise<void>;
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
  const wallet = new Wallet({
    repo: new WalletRepo(db),
    vault,
    log: opts.log.child('wallet'),
    events: { changed: (s) => bus.emit('wallet.changed', s) },
  });
  // What unlocking and locking the vault mean to each part, run in the order the parts were added:
  // the wallet's keys first, then what reads the vault (retrieval, the engine's adapters, chat search).
  const vaultHooks: VaultHook[] = [];
  bus.on('vault.state', (s) => {
    for (const hook of vaultHooks) {
      if (s.state === 'unlocked') hook.unlocked();
      else hook.locked();
    }
  });
  // Locking the vault drops every key the wallet derived; the wallet's status follows the vault's.
  vaultHooks.push({
    unlocked: () => {
      // The stored addresses are checked against the sealed keys before anything uses them.
      try {
        wallet.checkAddresses();
      } catch (err) {
        opts.log.warn('wallet address check failed', { error: String(err) });
      }
      bus.emit('wallet.changed', wallet.status());
    },
    locked: () => {
      wallet.forget();
      bus.emit('wallet.changed', wallet.status());
    },
  });

  // The engine's state changes go to clients (and, below, into the app's status once that is built).
  const engineStatus = hookList<[EngineStatus]>();
  // Bought vault items are used under their licences: the market's answer (from SQLite and the clock),
  // asked by the adapters, the vault's models and retrieval, which may not import the market.
  const licences = new BoughtLicences(new MarketTradesRepo(db));
  // Bought adapters and models become model parts after their import; one a crash cut off between
  // the two is marked at the next unlock.
  const boughtParts = new BoughtParts({
    trades: new MarketTradesRepo(db),
    vault,
    mark: (itemId, kind) => offerBought(vault, itemId, kind) ?? Promise.resolve(),
    log: opts.log,
  });
  vaultHooks.push({
    unlocked: () =>
      void boughtParts.settle().then(
        (ids) => ids.length > 0 && bus.emit('models.changed', { ids: [] }),
        (err: unknown) => opts.log.warn('market: bought parts not checked', { error: String(err) }),
      ),
    locked: () => {},
  });
  // When a licence ends, clients re-read the models and adapters they list (now labelled expired).
  // The Vault page too: its list labels the item "licence expired <date>".
  const licenceEnds = licences.watch(() => {
    bus.emit('models.changed', { ids: [] });
    bus.emit('vault.changed', { ids: [] });
  });
  const llm = new LlmService({
    log: opts.log.child('llm'),
    gpu: opts.llmGpu ?? 'auto',
    adapters: new VaultAdapters(vault, licences),
    licences,
    onStatus: engineStatus.run,
  });
  engineStatus.add((s) => {
    bus.emit('llm.engine', s);
    bus.emit('models.changed', { ids: [] });
  });
  // A new choice of embedding model reaches retrieval (built below, since it asks the models for it).
  const embeddingChanged = hookList<[]>();
  const models = new ModelManager({
    repo: new ModelsRepo(db),
    roles: new ModelRolesRepo(db),
    dir: join(layout.root, 'models'),
    catalog: loadCatalog(),
    log: opts.log.child('models'),
    ...(opts.hfEndpoint ? { hfEndpoint: opts.hfEndpoint } : {}),
    isLoaded: (id) => llm.loaded()?.id === id,
    vault: new VaultModels(vault, licences),
    events: {
      progress: (p) => bus.emit('models.progress', p),
      changed: (ids) => bus.emit('models.changed', { ids }),
      embeddingChanged: () => {
        // Freed first: the engine's queue then loads the new choice (if any) for the next embed.
        llm
          .engine()
          .releaseEmbedder()
          .catch(() => {});
        embeddingChanged.run();
      },
    },
  });
  // Retrieval for chat: BM25 over vault text always; embeddings too while the user has chosen an
  // embedding model (Models page, `sahel models use-embedding`), which the engine keeps loaded beside
  // the chat model. The index and its vectors live in memory from unlock to lock.
  const retriever = new VaultRetriever({
    vault,
    log: opts.log.child('retrieval'),
    licences,
    embedder: () => {
      const target = models.embeddingTarget();
      return target && engineEmbedder(llm.engine(), target.id, target.path);
    },
  });
  embeddingChanged.add(() => retriever.embedderChanged());
  vaultHooks.push(
    { unlocked: () => retriever.vaultUnlocked(), locked: () => retriever.vaultLocked() },
    // A model running with adapters from the vault is unloaded with them.
    { unlocked: () => {}, locked: () => void llm.vaultLocked() },
  );
  bus.on('vault.changed', ({ ids }) => retriever.itemsChanged(ids));
  // The agent answers in chat and judges its transactions in the pipeline once it is built, further
  // down (it needs the market and the pipeline): core-agent.ts.
  const agentLink = agentLinks();
  const chat = createChat({
    db,
    vault,
    agent: agentLink.turns,
    llm: {
      engine: () => llm.engine(),
      loaded: () => llm.loaded(),
      use: async (id) => {
        await llm.load(await models.loadTarget(id));
      },
    },
    retriever,
    provider: opts.chatProvider,
    settings: () => settings.get(),
    log: opts.log.child('chat'),
    // Sealed with the vault; lets search answer right after unlock instead of after a full rebuild.
    searchSnapshot: join(layout.root, 'chat-search.snap'),
    events: {
      started: (e) => bus.emit('chat.started', e),
      token: (e) => bus.emit('chat.token', e),
      step: (e) => bus.emit('chat.step', e),
      done: (t) => bus.emit('chat.done', t),
      changed: (ids) => bus.emit('chat.changed', { ids }),
      memories: () => bus.emit('chat.memories', {}),
    },
  });
  // The chat search index (plaintext, in memory) exists only while the vault is unlocked.
  vaultHooks.push({ unlocked: () => void chat.service.onUnlocked(), locked: () => chat.service.onLocked() });
  // A one-command CLI owner does not pick up downloads it would abandon when it exits.
  if (opts.ownerKind !== 'cli') models.resumeInterrupted();
  bus.on('settings.changed', (s) => vault.setAutoLock(s.vaultAutoLockMinutes));

  // The devnet's state and the choice of network reach clients and the transaction history, each
  // added below once the part it calls exists (the networks hold the devnet; the pipeline, the networks).
  const devnetStatus = hookList<[DevnetStatus]>();
  const networkChosen = hookList<[NetworkInfo]>();
  // The devnet starts lazily, on the first call that needs the chain (network.active, a balance, a
  // send): one-command CLI owners and pages that never touch the chain do not pay for anvil.
  const devnet = new Devnet({
    dir: join(layout.root, 'devnet'),
    log: opts.log.child('devnet'),
    // The wallet's addresses (read without keys): the devnet's faucet funds each of them.
    accounts: () => wallet.addresses(),
    // Its demo assets and the seller that delivers them, so a first purchase arrives in the vault.
    demo: demoMarket(opts.log.child('demo')),
    onStatus: devnetStatus.run,
  });
  const networks = new Networks({
    repo: new NetworksRepo(db),
    devnet,
    signers: () => wallet,
    onChange: networkChosen.run,
  });
  devnetStatus.add(() => bus.emit('network.changed', networks.activeInfo()));
  networkChosen.add((info) => bus.emit('network.changed', info));
  // A devnet another data dir runs, joined through its network file, funds the wallet like the
  // embedded one: when it is chosen, when the owner opens on it, and for each new account.
  const fundJoined = () =>
    void networks
      .fundJoinedDevnet()
      .catch((err) => opts.log.warn('joined devnet funding failed', { error: String(err) }));
  networkChosen.add(fundJoined);
  // A one-command CLI owner exits at once: it would abandon the top-up half sent.
  if (opts.ownerKind !== 'cli') fundJoined();
  // A new wallet account on a running devnet gets its faucet money at once, not at the next start.
  bus.on('wallet.changed', () => {
    devnet.fundIfRunning().catch((err) => opts.log.warn('devnet funding failed', { error: String(err) }));
    fundJoined();
  });

  const txs = new TxPipeline({
    repo: new TxRepo(db),
    signers: wallet,
    network: () => networks.active(),
    // The user's confirmSend of a review they were shown is the confirmation; the agent's
    // transactions, allowed or approved, pass only its gate's open grant, and nothing without it.
    guard: agentLink.guard,
    onUpdate: (tx) => bus.emit('tx.updated', tx),
  });
  // A devnet (re)started from its saved state may have lost the latest blocks: history catches up.
  devnetStatus.add((s) => {
    if (s.state === 'running') void txs.tracker.reconcile();
  });
  // Another RPC network chosen: its chain may have moved on without some of what history shows.
  // (The devnet reconciles when it runs, so choosing it does not start it.)
  networkChosen.add((info) => {
    if (info.kind !== 'devnet') void txs.tracker.reconcile();
  });
  // Listings, licences and asset records follow new blocks into SQLite once the chain is in use (the
  // first network.changed: the devnet started, or the user picked a network); never before, so an
  // owner that does not touch the chain does not start anvil for it.
  const cacheRepo = new ChainCacheRepo(db);
  const chainCache = new CacheSync({ repo: cacheRepo, network: () => networks.active() });
  let cacheErrors = 0;
  bus.on('network.changed', () =>
    chainCache.follow(2_000, (err) => {
      if (cacheErrors++ % 30 === 0) opts.log.warn('chain cache sync failed', { error: String(err) });
    }),
  );

  const markets = openMarket({
    db,
    dataDir: layout.root,
    vault,
    signers: wallet,
    network: () => networks.active(),
    pipeline: txs,
    cacheRepo,
    cache: chainCache,
    settings: () => settings.get(),
    staysUp: opts.ownerKind !== 'cli',
    onActivity: (activity) => bus.emit('market.activity', activity),
    log: opts.log,
    // A bought adapter or model is offered among the models once its GGUF header says it is one.
    received: async ({ itemId, kind, licence }) => {
      licenceEnds.rearm();
      if (await boughtParts.received(licence, itemId, kind)) bus.emit('models.changed', { ids: [] });
    },
  });
  const tasksPort = slot<TasksPort>();
  const agent = wireAgent(agentLink, {
    db,
    vault,
    wallet,
    networks,
    pipeline: txs,
    markets,
    chat,
    bus,
    vaultHooks,
    tasks: tasksPort.get,
    models: () => models.list(),
    licences,
    log: opts.log,
  });
  const tasks = wireTasks({
    db,
    vault,
    agent: agent.agent,
    bus,
    settings,
    vaultHooks,
    ownerKind: opts.ownerKind,
    markets,
    network: () => networks.active(),
    signers: wallet,
    log: opts.log,
  });
  tasksPort.set(tasks.port);
  void markets.refreshHosting();
  bus.on('settings.changed', () => void markets.refreshHosting());
  bus.on('network.changed', () => markets.followChain());

  // Resumes what a previous run left pending (re-broadcast, then tracked to a receipt); with nothing
  // pending it never asks the network, so an idle devnet is not started for it.
  txs.tracker.start();

  const status = (): AppStatus => ({
    version: APP_VERSION,
    owner: { pid: process.pid, kind: opts.ownerKind, dataDir: layout.root, startedAt },
    vault: { state: vault.state().state },
    network: ((n) => ({ name: n.name, chainId: n.chainId, devnet: n.kind === 'devnet' }))(
      networks.activeInfo(),
    ),
    model: ((m) => m && { id: m.id, name: m.name })(llm.loaded()),
    tasks: { running: tasks.scheduler.inProgress },
  });
  // The status bar names the loaded model.
  engineStatus.add(() => bus.emit('app.status', status()));
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
      vault: vaultHandlers(vault, licences),
      wallet: walletHandlers(wallet),
      models: modelsHandlers(models, llm, retriever),
      network: networkHandlers(networks),
      tx: txHandlers({
        pipeline: txs,
        network: () => networks.active(),
        signers: wallet,
        balances: { repo: new BalancesRepo(db), configured: () => networks.activeInfo() },
      }),
      chat: chatHandlers({ chat: chat.service, persona: chat.persona, memories: chat.memories, bus }),
      market: {
        ...marketHandlers(markets.market),
        ...marketPublishHandlers(markets.publisher, markets.hosting),
        ...marketBuyHandlers(markets.buyer, markets.deliverer, markets),
        ...marketEarningsHandlers(markets.earnings),
      },
      agent: agent.handlers,
      tasks: tasks.handlers,
    },
    opts.log.child('api'),
  );

  return {
    layout,
    router,
    bus,
    vault,
    wallet,
    llm,
    models,
    retriever,
    networks,
    assetKeys: markets.assetKeys,
    tasks: tasks.tasks,
    settings: () => settings.get(),
    status,
    close: async () => {
      tasks.close();
      agent.close();
      licenceEnds.stop();
      txs.tracker.stop();
      chainCache.stop();
      await markets.stop();
      vault.close();
      models.close();
      // Both children are waited for: the process may exit right after, and neither may outlive it.
      await Promise.all([
        devnet.stop().catch((err) => {
          opts.log.warn('devnet stop failed', { error: String(err) });
          devnet.stopNow();
        }),
        llm.dispose().catch((err) => opts.log.warn('engine stop failed', { error: String(err) })),
      ]);
      db.close();
    },
  };
}
