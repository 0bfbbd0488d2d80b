import { isIPv6 } from 'node:net';
import type { Settings } from '../../../src-shared/domain/settings.js';
import { SahelError } from '../../../src-shared/errors.js';
import type { Logger } from '../../platform/index.js';
import { BlobServer } from './blob-server.js';

export interface PeerHostingOptions {
  dir: string;
  settings: () => Settings;
  isServed(sha256: string): boolean;
  /** Whether anything is published: the listener runs only then. */
  anyServed(): boolean;
  log: Logger;
}

type Bind = { host: string; port: number };

/**
 * Runs the blob listener as the settings say, while something is published: `refresh()` after a
 * publish or a settings change starts, moves or stops it. Started by the owner (serve, Electron).
 */
export class PeerHosting {
  private readonly server: BlobServer;
  private bound: Bind | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly o: PeerHostingOptions) {
    this.server = new BlobServer({ dir: o.dir, isServed: (h) => o.isServed(h), log: o.log });
  }

  /** The base URL buyers are given for `peer` locations. */
  publicUrl(): string {
    const s = this.o.settings();
    if (s.marketHostPublicUrl) return s.marketHostPublicUrl.replace(/\/+$/, '');
    const { host, port } = this.wanted();
    if (host === '0.0.0.0' || host === '::') {
      throw new SahelError(
        'BAD_INPUT',
        'The blob listener binds every address, so Sahel cannot tell buyers which one: set its public URL in Settings',
      );
    }
    return `http://${isIPv6(host) ? `[${host}]` : host}:${port}`;
  }

  /** Where it listens now, if it does. */
  address(): Bind | undefined {
    return this.server.listening ? this.bound : undefined;
  }

  refresh(): Promise<void> {
    this.queue = this.queue
      .then(() => this.apply())
      .catch((err: unknown) => {
        this.o.log.warn('blob listener could not start', { error: String(err) });
      });
    return this.queue;
  }

  /**
   * Before a publish puts this listener's URL on chain: makes sure it can listen where the settings say,
   * starting it now (a `refresh()` afterwards keeps or stops it as usual). A port that is taken — often
   * another Sahel on this machine — would otherwise leave the listing pointing at someone else's server.
   */
  async ensureServing(): Promise<void> {
    await this.queue;
    const want = this.wanted();
    if (this.server.listening && this.bound?.host === want.host && this.bound.port === want.port) return;
    try {
      await this.server.start(want.host, want.port);
      this.bound = want;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why =
        code === 'EADDRINUSE'
          ? 'the port is in use, perhaps by another Sahel'
          : code === 'EADDRNOTAVAIL'
            ? 'this machine has no such address'
            : (err as Error).message;
      throw new SahelError(
        'UNAVAILABLE',
        `This Sahel cannot serve the ciphertext on ${want.host}:${want.port} (${why}): choose another address or port for the blob listener in Settings (Market), then publish`,
      );
    }
  }

  async stop(): Promise<void> {
    await this.queue;
    await this.server.stop();
    this.bound = undefined;
  }

  private async apply(): Promise<void> {
    if (!this.o.anyServed()) {
      await this.server.stop();
      this.bound = undefined;
      return;
    }
    const want = this.wanted();
    if (this.server.listening && this.bound?.host === want.host && this.bound.port === want.port) return;
    await this.server.start(want.host, want.port);
    this.bound = want;
    this.o.log.info('blob listener started', { host: want.host, port: want.port });
  }

  private wanted(): Bind {
    const s = this.o.settings();
    return { host: s.marketHostAddress ?? '127.0.0.1', port: s.marketHostPort ?? 7417 };
  }
}
