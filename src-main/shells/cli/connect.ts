import type { Transport } from '../../../src-shared/api/client.js';
import type { SahelClient } from '../../../src-shared/api/contract.js';
import type { CliContext } from './context.js';
import { listeningOwner, notAnswering } from './owner-socket.js';

export interface Connection {
  readonly client: SahelClient;
  /** True when this command owns the data dir itself (no app or server was running). */
  readonly local: boolean;
  /** The same channel, for typed events (`onEvent(conn.transport, 'vault.progress', …)`). */
  readonly transport: Transport;
  close(): Promise<void>;
}

/**
 * How a command reaches Sahel: through the running owner's socket when there is one (the app or
 * `sahel serve` keeps the data dir), otherwise by becoming the owner for the length of the command.
 * Either way the command sees the same typed API. The client and the owner (the whole core) load
 * here, on first use, so that the CLI's start and its help cost none of it.
 */
export async function connect(ctx: CliContext): Promise<Connection> {
  const owner = await listeningOwner(ctx);
  if (owner) {
    const { connectSocket } = await import('../../api/index.js');
    const conn = await connectSocket(owner.socket).catch(() => {
      throw notAnswering(ctx, owner);
    });
    return { client: conn.client, local: false, transport: conn.wire, close: async () => conn.close() };
  }
  const [{ startOwner }, { createClient }, { isEventName }, { SahelError }] = await Promise.all([
    import('../owner.js'),
    import('../../../src-shared/api/client.js'),
    import('../../../src-shared/api/events.js'),
    import('../../../src-shared/errors.js'),
  ]);
  const local = await startOwner({ dataDir: ctx.dataDir, kind: 'cli' });
  const transport: Transport = {
    call: async (method, input) => {
      const res = await local.core.router.dispatch(method, input, { transport: 'local' });
      if (!res.ok) throw SahelError.fromSerialized(res.error);
      return res.value;
    },
    subscribe: (event, listener) => (isEventName(event) ? local.core.bus.on(event, listener) : () => {}),
  };
  return { client: createClient(transport), local: true, transport, close: () => local.close() };
}
