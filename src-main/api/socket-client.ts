import { connect } from 'node:net';
import { createClient } from '../../src-shared/api/client.js';
import type { SahelClient } from '../../src-shared/api/contract.js';
import { WireClient } from '../../src-shared/api/wire-client.js';

export interface SocketConnection {
  client: SahelClient;
  wire: WireClient;
  close(): void;
}

/** Connects to a running owner's local socket (how the CLI talks to `sahel serve` or the app). */
export function connectSocket(path: string, timeoutMs = 3000): Promise<SocketConnection> {
  return new Promise((resolve, reject) => {
    const sock = connect(path);
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`Timed out connecting to ${path}`));
    }, timeoutMs);
    sock.setEncoding('utf8');
    const wire = new WireClient((text) => sock.write(`${text}\n`));
    let buffer = '';
    sock.on('data', (chunk: string) => {
      buffer += chunk;
      let nl = buffer.indexOf('\n');
      while (nl >= 0) {
        wire.receive(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
        nl = buffer.indexOf('\n');
      }
    });
    sock.on('close', () => wire.close());
    sock.once('error', (err) => {
      clearTimeout(timer);
      wire.close(err.message);
      reject(err);
    });
    sock.once('connect', () => {
      clearTimeout(timer);
      resolve({ client: createClient(wire), wire, close: () => sock.end() });
    });
  });
}
