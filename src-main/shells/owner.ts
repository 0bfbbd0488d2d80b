import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OwnerKind } from '../../src-shared/domain/status.js';
import type { Core, CoreOptions } from '../core.js';
import {
  acquireLock,
  createLogger,
  type DataDirLayout,
  type DataDirLock,
  dataDirLayout,
  type Logger,
  makePrivateDir,
  onStopSignal,
  type StopSignal,
  signalExitCode,
} from '../platform/index.js';
import type { DeviceKeyring } from '../vault/index.js';

export interface Owner {
  readonly core: Core;
  readonly log: Logger;
  readonly lock: DataDirLock;
  close(): Promise<void>;
}

export interface OwnerOptions {
  dataDir: string;
  kind: OwnerKind;
  /** Echo warnings and errors to stderr (headless server in a terminal). */
  echoLogs?: boolean;
  deviceKeyring?: DeviceKeyring;
  /**
   * What a stop signal (SIGINT, SIGTERM, SIGHUP) does. By default the owner closes (children stopped,
   * socket and lock removed) and the process exits with the signal's status; a shell that has more
   * to close (the HTTP server) takes the signal here, from the claim on, and closes what it opened.
   */
  onStop?: (signal: StopSignal) => void;
}

/** A data dir this process has claimed (lock taken, log open, signals heard) but not opened yet. */
export interface Claim {
  readonly log: Logger;
  readonly lock: DataDirLock;
  /**
   * Opens the core and listens on the local socket the CLI uses: the claim becomes the owner. If
   * that fails, the claim is given up (lock released) and the error thrown.
   */
  open(): Promise<Owner>;
  /** Gives the claim up without opening. */
  release(): void;
}

/** What both shells do to become a data dir's owner: claim it, then open it. */
export async function startOwner(opts: OwnerOptions): Promise<Owner> {
  return claimDataDir(opts).open();
}

/**
 * Takes the data dir's lock (failing with the first owner's pid) before anything else writes there,
 * opens the log and listens for stop signals; nothing heavy loads yet. `sahel serve` listens for HTTP
 * between this and open(), so its URL is out before the core (SQLite, vault, chain, engine) is built.
 */
export function claimDataDir(opts: OwnerOptions): Claim {
  const layout = dataDirLayout(opts.dataDir);
  const wasMode = makePrivateDir(layout.root);
  const lock = acquireLock(layout.lock, layout.root, opts.kind);
  const log = createLogger({ file: layout.logFile, echo: opts.echoLogs ?? false });
  if (wasMode !== undefined) {
    log.warn(`data dir ${layout.root} was readable by others (mode ${wasMode.toString(8)}); made it 0700`);
  }
  if (lock.tookOver) {
    const was = lock.tookOver;
    log.warn(
      `took over a stale lock: pid ${was.pid} (${was.kind}, since ${was.startedAt}) is no longer Sahel`,
    );
  }
  let close: (() => Promise<void>) | undefined;
  let stopping = false;
  // Listening before anything is started: a signal during start-up still cleans up what exists.
  const offSignals = onStopSignal((signal) => {
    if (stopping) {
      log.info('stop signal while stopping', { signal });
      return;
    }
    stopping = true;
    log.info('stop signal', { signal });
    if (opts.onStop) return opts.onStop(signal);
    void (close ?? (async () => lock.release()))().finally(() => process.exit(signalExitCode(signal)));
  });
  const release = () => {
    lock.release();
    offSignals();
  };
  const open = async (): Promise<Owner> => {
    const owner = await openOwner(opts, layout, log, lock).catch((err: unknown) => {
      release();
      throw err;
    });
    close = owner.close;
    return owner;
  };
  return { log, lock, open, release };
}

async function openOwner(
  opts: OwnerOptions,
  layout: DataDirLayout,
  log: Logger,
  lock: DataDirLock,
): Promise<Owner> {
  let core: Core | undefined;
  let socket: Server | undefined;
  try {
    // Loaded here, not at the top: a claim costs none of it.
    const loadingCore = import('../core.js');
    const { listenSocket } = await import('../api/index.js');
    const { createCore } = await loadingCore;
    core = createCore({
      dataDir: layout.root,
      ownerKind: opts.kind,
      log,
      ...(opts.deviceKeyring ? { deviceKeyring: opts.deviceKeyring } : {}),
      ...fromEnvironment(process.env),
    });
    const path = socketPath(layout.run, layout.root);
    socket = await listenSocket(path, core.router, core.bus, log.child('socket'));
    lock.update({ socket: path });
    log.info('owner started', { kind: opts.kind, pid: process.pid });
  } catch (err) {
    socket?.close();
    await core?.close();
    throw err;
  }
  const started = core;
  const server = socket;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await started.close();
      log.info('owner stopped');
      lock.release();
    })();
    return closing;
  };
  return { core: started, log, lock, close };
}

/**
 * The only settings an owner takes from its environment, read here in the shell and nowhere below:
 * HF_ENDPOINT (Hugging Face's own variable for a mirror), SAHEL_GPU=cpu (keep the engine off GPUs),
 * SAHEL_CHAT_PROVIDER=scripted:<file> (fixed replies for tests and demos).
 */
function fromEnvironment(
  env: NodeJS.ProcessEnv,
): Pick<CoreOptions, 'hfEndpoint' | 'llmGpu' | 'chatProvider'> {
  return {
    ...(env.HF_ENDPOINT ? { hfEndpoint: env.HF_ENDPOINT } : {}),
    ...(env.SAHEL_GPU === 'cpu' ? { llmGpu: 'cpu' as const } : {}),
    ...(env.SAHEL_CHAT_PROVIDER ? { chatProvider: env.SAHEL_CHAT_PROVIDER } : {}),
  };
}

/** A Unix socket path must fit in about 104 bytes; long data dirs get one in the temp dir instead. */
function socketPath(runDir: string, dataDir: string): string {
  const id = createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
  if (process.platform === 'win32') return `\\\\.\\pipe\\sahel-${id}`;
  mkdirSync(runDir, { recursive: true, mode: 0o700 });
  const inDir = join(runDir, 'api.sock');
  return Buffer.byteLength(inDir) < 100 ? inDir : join(tmpdir(), `sahel-${id}.sock`);
}
