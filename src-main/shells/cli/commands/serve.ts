import { isIP } from 'node:net';
import { rendererDir } from '../../../platform/index.js';
import { claimDataDir, type Owner } from '../../owner.js';
import type { ServedApi } from '../../server/api-endpoints.js';
import { startHttpServer } from '../../server/http-server.js';
import { keptToken, tokenFile } from '../../server/token-file.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../output.js';

export interface ServeFlags {
  port: string;
  host: string;
  /** Replace the kept access token: every URL, bookmark and cookie given out so far stops working. */
  newToken?: boolean;
}

export interface ServeOptions {
  /** Why the headless server runs instead of the window, when `start` fell back to it. */
  reason?: string;
}

/**
 * `sahel serve`: become the data dir's owner and serve the UI and API until stopped. The order is
 * what makes it start fast and stay safe: the lock first (a second owner is refused before anything
 * is written), then the token, then the listener, then the URL — printed once connections are
 * accepted and the token is set — and only then the core. Requests that arrive meanwhile wait for it
 * (see HttpServerOptions.api); CLI commands wait for the socket, which opens with the core.
 */
export async function serveCommand(
  ctx: CliContext,
  flags: ServeFlags,
  opts: ServeOptions = {},
): Promise<void> {
  const port = parsePort(flags.port);
  const host = parseHost(flags.host);
  // A stop signal is heard from the claim on: one that comes while starting ends the start, cleanly.
  let stopRequested = false;
  let stop: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    stop = () => {
      stopRequested = true;
      resolve();
    };
  });
  const claim = claimDataDir({
    dataDir: ctx.dataDir,
    kind: 'serve',
    echoLogs: !ctx.out.json,
    onStop: () => stop(),
  });
  const api = deferred<ServedApi>();
  let server: Awaited<ReturnType<typeof startHttpServer>>;
  try {
    const { token } = keptToken(ctx.dataDir, flags.newToken === true);
    claim.log.redactor.register(token.value);
    server = await startHttpServer({
      host,
      port,
      rendererDir: rendererDir(),
      token,
      api: api.promise,
      log: claim.log.child('http'),
    });
  } catch (err) {
    claim.release();
    throw err;
  }
  if (stopRequested) {
    await server.close();
    claim.release();
    return;
  }
  claim.log.info('headless server listening', { host, port: server.port });

  if (opts.reason) ctx.out.note(opts.reason);
  const human = [
    'Sahel is running headless. Open this URL in a browser (it carries the access token; keep it private):',
    '',
    `  ${server.url}`,
    '',
    `The token is reusable and kept in ${tokenFile(ctx.dataDir)}, so the URL (with the same --port)`,
    'works again after a restart; `sahel serve --new-token` replaces it and signs every browser out.',
    '',
    `Data: ${ctx.dataDir}`,
    'Press Ctrl+C to stop.',
  ].join('\n');
  ctx.out.result(human, { url: server.url, port: server.port, pid: process.pid, dataDir: ctx.dataDir });

  let owner: Owner | undefined;
  try {
    owner = await claim.open();
    api.resolve(await servedApi(owner));
  } catch (err) {
    api.reject(err);
    await server.close();
    await owner?.close();
    throw err;
  }
  await stopped;
  await server.close();
  await owner.close();
}

/** The owner's API as the HTTP server serves it: the router and bus, file transfer, and /v1. */
async function servedApi(owner: Owner): Promise<ServedApi> {
  const [{ vaultRoutes }, { llmBackend }] = await Promise.all([
    import('../../server/vault-routes.js'),
    import('../../server/openai/backend.js'),
  ]);
  const { core } = owner;
  return {
    router: core.router,
    bus: core.bus,
    routes: [vaultRoutes(core.vault, owner.log.child('http'))],
    // /v1/embeddings answers with the embedding model the user chose, when there is one; a chat
    // request naming an installed model loads it unless the user turned that off.
    openai: llmBackend(core.llm, () => core.models.embeddingTarget() ?? null, {
      enabled: () => core.settings().apiLoadsModels !== false,
      installed: () =>
        core.models
          .list()
          .filter((m) => m.state === 'ready' && m.purpose === 'chat')
          .map((m) => m.id),
      load: async (id) => {
        await core.llm.load(await core.models.loadTarget(id));
      },
    }),
  };
}

function deferred<T>() {
  let resolve: (value: T) => void = () => {};
  let reject: (err: unknown) => void = () => {};
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function parsePort(raw: string): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n > 65535)
    throw new UsageError(`--port must be 0–65535 (0 picks a free port), not ${raw}`);
  return n;
}

function parseHost(raw: string): string {
  if (raw === 'localhost') return '127.0.0.1';
  if (!isIP(raw) || raw === '0.0.0.0' || raw === '::') {
    throw new UsageError(`--host must be one IP address to bind (default 127.0.0.1), not ${raw}`);
  }
  return raw;
}
