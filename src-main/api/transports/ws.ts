import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { MAX_MESSAGE_BYTES } from '../../../src-shared/api/wire.js';
import type { Logger } from '../../platform/index.js';
import type { EventBus } from '../event-bus.js';
import type { Router } from '../router.js';
import { WireSession } from './wire-session.js';

/** Decides whether an upgrade may proceed: the HTTP shell checks the target (`/api`), Host, Origin and token. */
export type UpgradeGate = (
  req: IncomingMessage,
) => { ok: true } | { ok: false; status: number; reason: string };

/**
 * The API over WebSocket on the headless server's `/api` path. Frames up to four times the message
 * limit are read so an oversized call still gets a typed PAYLOAD_TOO_LARGE answer; beyond that the
 * connection is closed (1009). The HTTP shell hands it each upgrade (`upgrade`): it may take them
 * before the API exists (`sahel serve` listens first) and pass them on once it does.
 */
export function webSocketEndpoint(
  gate: UpgradeGate,
  router: Router,
  bus: EventBus,
  log: Logger,
  /** `ws-network` when the server binds an address other machines can reach. */
  transport: 'ws' | 'ws-network' = 'ws',
) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES * 4 });
  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node hands the socket over without its own error handler: a reset now must not crash the process.
    socket.on('error', (err) => log.debug('upgrade socket error', { error: err.message }));
    try {
      const verdict = gate(req);
      if (!verdict.ok) {
        socket.end(
          `HTTP/1.1 ${verdict.status} ${verdict.reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
        );
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        const session = new WireSession(router, bus, { transport }, (text) => ws.send(text));
        ws.on('message', (data, isBinary) => {
          void session.receive(isBinary ? '' : data.toString());
        });
        ws.on('close', () => session.close());
        ws.on('error', (err) => log.debug('websocket error', { error: err.message }));
      });
    } catch (err) {
      log.error('websocket upgrade failed', { error: err });
      socket.destroy();
    }
  };
  return { wss, upgrade };
}
