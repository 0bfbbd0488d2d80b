// The platform layer's public API: what the other layers and the shells use. Everything else in
// platform/ is internal to it.

// Where things live: the data dir's layout, the app's own files, the version.
export { appRoot, rendererDir } from './app-root.js';
// Writes the user cannot afford to lose (temp file, fsync, rename, fsync dir).
export { fsyncDir, writeFileAtomic, writeFileAtomicChunks } from './atomic-write.js';
// One owner per data dir: the lock file and who holds it.
export type { DataDirLock, LockInfo } from './lock.js';
export { acquireLock, DataDirLockedError, readOwner } from './lock.js';
// Logging with secrets redacted.
export type { Logger } from './log.js';
export { createLogger } from './log.js';
export type { DataDirLayout } from './paths.js';
export { dataDirLayout, makePrivateDir, resolveDataDir } from './paths.js';
// Process life: stop signals, interrupts and exit codes.
export type { StopSignal } from './shutdown.js';
export { claimInterrupt, onStopSignal, signalExitCode } from './shutdown.js';
export { APP_VERSION } from './version.js';

// Worker threads, from their source in development and their bundle when built.
export { startWorker } from './workers.js';
