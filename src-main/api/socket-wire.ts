import { connect } from 'node:net';
import { WireClient } from '../../src-shared/api/wire-client.js';

export interface SocketWire {
  wire: WireClient;
  close(): void;
}

/**
 * Connects to a running owner's local socket and speaks the wire protocol, untyped: a command that
 * needs one small answer checks it itself and loads no contract (socket-client.ts adds the typed client).
 */
export function connectWire(path: string, timeoutMs = 3000): Promise<SocketWire> {
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
      resolve({ wire, close: () => sock.end() });
    });
  });
}
