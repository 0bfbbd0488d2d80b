import { dataDirLayout, type LockInfo, readOwner } from '../../platform/index.js';
import type { CliContext } from './context.js';
import { CliError } from './output.js';

/** A running owner that listens on its socket. */
export interface ListeningOwner {
  readonly info: LockInfo;
  readonly socket: string;
}

/**
 * How long a command waits for an owner that holds the lock but does not listen yet. `sahel serve`
 * prints its URL before its core is built and its socket opened; a script that runs a command right
 * after must find it, not fail. Opening the core takes well under a second unless a migration runs.
 */
const STARTING_WAIT_MS = 30_000;
const POLL_MS = 20;

/**
 * The data dir's running owner (app or `sahel serve`), once it listens on its socket; undefined when
 * none runs (or the one starting gave up). Reads only the lock file: no core, no schemas.
 */
export async function listeningOwner(ctx: CliContext): Promise<ListeningOwner | undefined> {
  const lockFile = dataDirLayout(ctx.dataDir).lock;
  const deadline = Date.now() + STARTING_WAIT_MS;
  for (;;) {
    const info = readOwner(lockFile);
    if (!info) return undefined;
    if (info.socket) return { info, socket: info.socket };
    if (Date.now() > deadline) {
      throw new CliError(
        `Sahel (pid ${info.pid}) owns ${ctx.dataDir} but is still starting; try again shortly`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** The error for an owner whose socket does not take the connection. */
export function notAnswering(ctx: CliContext, owner: ListeningOwner): CliError {
  return new CliError(
    `Sahel (pid ${owner.info.pid}) owns ${ctx.dataDir} but does not answer on ${owner.socket}`,
  );
}
