import { isIP } from 'node:net';
import { rendererDir } from '../../../platform/index.js';
import { startOwner } from '../../owner.js';
import { startHttpServer } from '../../server/http-server.js';
import { llmBackend } from '../../server/openai/backend.js';
import { keptToken, tokenFile } from '../../server/token-file.js';
import { vaultRoutes } from '../../server/vault-routes.js';
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

/** `sahel serve`: become the data dir's owner and serve the UI and API until stopped. */
export async function serveCommand(
  ctx: CliContext,
  flags: ServeFlags,
  opts: ServeOptions = {},
): Promise<void> {
  const port = parsePort(flags.port);
  const host = parseHost(flags.host);
  let stop: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const owner = await startOwner({
    dataDir: ctx.dataDir,
    kind: 'serve',
    echoLogs: !ctx.out.json,
    onStop: () => stop(),
  });
  let token: ReturnType<typeof keptToken>['token'];
  try {
    token = keptToken(ctx.dataDir, flags.newToken === true).token;
  } catch (err) {
    await owner.close();
    throw err;
  }
  owner.log.redactor.register(token.value);
  let server: Awaited<ReturnType<typeof startHttpServer>>;
  try {
    server = await startHttpServer({
      host,
      port,
      rendererDir: rendererDir(),
      token,
      router: owner.core.router,
      bus: owner.core.bus,
      log: owner.log.child('http'),
      routes: [vaultRoutes(owner.core.vault, owner.log.child('http'))],
      // /v1/embeddings answers with the embedding model the user chose, when there is one; a chat
      // request naming an installed model loads it unless the user turned that off.
      openai: llmBackend(owner.core.llm, () => owner.core.models.embeddingTarget() ?? null, {
        enabled: () => owner.core.settings().apiLoadsModels !== false,
        installed: () =>
          owner.core.models
            .list()
            .filter((m) => m.state === 'ready' && m.purpose === 'chat')
            .map((m) => m.id),
        load: async (id) => {
          await owner.core.llm.load(await owner.core.models.loadTarget(id));
        },
      }),
    });
  } catch (err) {
    await owner.close();
    throw err;
  }
  owner.log.info('headless server listening', { host, port: server.port });

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

  await stopped;
  await server.close();
  await owner.close();
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
