import { chmodSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { MAX_MESSAGE_BYTES } from '../../../src-shared/api/wire.js';
import type { Logger } from '../../platform/index.js';
import type { EventBus } from '../event-bus.js';
import type { Router } from '../router.js';
import { WireSession } from './wire-session.js';

/**
 * The owner's local API endpoint for the CLI: newline-delimited wire messages on a Unix socket (0600,
 * in the private data dir) or a Windows named pipe. Reaching it requires the user's file permissions,
 * like a Docker or ssh-agent socket, so it needs no token.
 */
export async function listenSocket(
  path: string,
  router: Router,
  bus: EventBus,
  log: Logger,
): Promise<Server> {
  if (process.platform !== 'win32') rmSync(path, { force: true });
  const server = createServer((sock) => serveConnection(sock, router, bus, log));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });
  if (process.platform !== 'win32') chmodSync(path, 0o600);
  server.on('close', () => {
    if (process.platform !== 'win32') rmSync(path, { force: true });
  });
  return server;
}

function serveConnection(sock: Socket, router: Router, bus: EventBus, log: Logger): void {
  sock.setEncoding('utf8');
  const session = new WireSession(router, bus, { transport: 'socket' }, (text) => {
    if (!sock.destroyed) sock.write(`${text}\n`);
  });
  let buffer = '';
  sock.on('data', (chunk: string) => {
    buffer += chunk;
    let nl = buffer.indexOf('\n');
    while (nl >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (line.trim()) void session.receive(line);
      nl = buffer.indexOf('\n');
    }
    // A line that never ends is refused before it can grow without bound.
    if (buffer.length > MAX_MESSAGE_BYTES * 2) {
      void session.receive(buffer);
      buffer = '';
    }
  });
  sock.on('error', (err) => log.debug('socket client error', { error: err.message }));
  sock.on('close', () => session.close());
}
