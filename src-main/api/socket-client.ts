import { createClient } from '../../src-shared/api/client.js';
import type { SahelClient } from '../../src-shared/api/contract.js';
import type { WireClient } from '../../src-shared/api/wire-client.js';
import { connectWire } from './socket-wire.js';

export interface SocketConnection {
  client: SahelClient;
  wire: WireClient;
  close(): void;
}

/** Connects to a running owner's local socket (how the CLI talks to `sahel serve` or the app). */
export async function connectSocket(path: string, timeoutMs = 3000): Promise<SocketConnection> {
  const { wire, close } = await connectWire(path, timeoutMs);
  return { client: createClient(wire), wire, close };
}
