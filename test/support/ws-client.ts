import WebSocket from 'ws';
import { connectSocket } from '../../src-main/api/socket-client.js';
import { readOwner } from '../../src-main/platform/lock.js';
import { dataDirLayout } from '../../src-main/platform/paths.js';
import { createClient } from '../../src-shared/api/client.js';
import { WireClient } from '../../src-shared/api/wire-client.js';
import type { Served } from './sahel-process.js';

/** A typed API client over the headless server's WebSocket, authenticated with the Bearer token. */
export async function wsConnect(served: Served) {
  const ws = new WebSocket(`ws://127.0.0.1:${served.port}/api`, {
    headers: { authorization: `Bearer ${served.token}` },
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const wire = new WireClient((t) => ws.send(t));
  ws.on('message', (d) => wire.receive(d.toString()));
  ws.on('close', () => wire.close());
  return { wire, api: createClient(wire), close: () => ws.close() };
}

/**
 * The same typed client over the owner's local socket, as the CLI reaches it: for what the browser
 * connection may not do (procedures that take local paths, like vault.importPaths).
 */
export async function socketConnect(dataDir: string) {
  // `sahel serve` prints its URL before its core is open; the socket follows the core.
  const deadline = Date.now() + 30_000;
  let owner = readOwner(dataDirLayout(dataDir).lock);
  while (owner && !owner.socket && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
    owner = readOwner(dataDirLayout(dataDir).lock);
  }
  if (!owner?.socket) throw new Error(`No running owner with a socket in ${dataDir}`);
  const conn = await connectSocket(owner.socket);
  return { wire: conn.wire, api: conn.client, close: () => conn.close() };
}
