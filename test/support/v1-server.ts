import { EventBus } from '../../src-main/api/event-bus.js';
import { Router } from '../../src-main/api/router.js';
import type { AccessToken } from '../../src-main/shells/server/auth.js';
import { type RunningHttpServer, startHttpServer } from '../../src-main/shells/server/http-server.js';
import type { OpenAiBackend } from '../../src-main/shells/server/openai/backend.js';
import { silentLogger } from './logger.js';
import { ROOT } from './sahel-process.js';

/** The headless HTTP server with only the /v1 routes wired (no owner), on a free loopback port. */
export function startV1Server(token: AccessToken, openai: OpenAiBackend): Promise<RunningHttpServer> {
  return startHttpServer({
    host: '127.0.0.1',
    port: 0,
    rendererDir: ROOT,
    token,
    log: silentLogger(),
    api: {
      router: new Router({} as ConstructorParameters<typeof Router>[0], silentLogger()),
      bus: new EventBus(),
      openai,
    },
  });
}
