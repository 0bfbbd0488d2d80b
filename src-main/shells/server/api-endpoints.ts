import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { EventBus, Router, UpgradeGate } from '../../api/index.js';
import type { Logger } from '../../platform/index.js';
import type { OpenAiBackend } from './openai/backend.js';
import type { Route } from './vault-routes.js';

/** What the server serves beyond the static files: the owner's API, once its core is built. */
export interface ServedApi {
  router: Router;
  bus: EventBus;
  /** Extra HTTP routes (file transfer), tried after authentication and before the static files. */
  routes?: Route[];
  /** The local model for the OpenAI-compatible API under /v1 (same token); absent: no /v1. */
  openai?: OpenAiBackend;
}

/** The API's HTTP routes and WebSocket endpoint, as the server runs them. */
export interface ApiEndpoints {
  readonly routes: readonly Route[];
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Ends every WebSocket connection (they are no longer the HTTP server's to close). */
  close(): void;
}

/**
 * Builds the endpoints over the API. Their modules (ws, the wire schemas, the /v1 routes) load here,
 * after the server listens, so `sahel serve` prints its URL without waiting for them.
 */
export async function apiEndpoints(
  api: ServedApi,
  gate: UpgradeGate,
  log: Logger,
  transport: 'ws' | 'ws-network',
): Promise<ApiEndpoints> {
  const loadingRoutes = import('./openai/routes.js');
  const { webSocketEndpoint } = await import('../../api/index.js');
  const { openaiRoutes } = await loadingRoutes;
  const { wss, upgrade } = webSocketEndpoint(gate, api.router, api.bus, log.child('ws'), transport);
  return {
    routes: [...(api.openai ? [openaiRoutes(api.openai, log.child('openai'))] : []), ...(api.routes ?? [])],
    upgrade,
    close: () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}
