import { connect } from 'node:net';

export interface RawResponse {
  /** The status code of the first response line; 0 when the server closed without answering. */
  status: number;
  text: string;
}

/**
 * Sends bytes exactly as given over a fresh TCP connection (no client-side parsing or fixing up) and
 * reads until the server closes or `idleMs` passes without a byte; tests of malformed HTTP need this.
 */
export function rawRequest(port: number, bytes: string | Buffer, idleMs = 1500): Promise<RawResponse> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const sock = connect({ host: '127.0.0.1', port });
    let timer: NodeJS.Timeout | undefined;
    const done = () => {
      clearTimeout(timer);
      sock.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: m ? Number(m[1]) : 0, text });
    };
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(done, idleMs);
    };
    sock.on('connect', () => {
      sock.write(bytes);
      arm();
    });
    sock.on('data', (d: Buffer) => {
      chunks.push(d);
      arm();
    });
    sock.on('error', done);
    sock.on('close', done);
  });
}
