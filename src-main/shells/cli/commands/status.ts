import type { AppStatus } from '../../../../src-shared/domain/status.js';
import type { CliContext } from '../context.js';
import { listeningOwner, notAnswering } from '../owner-socket.js';

/** `sahel status`: asks the running owner over its socket; never opens the data dir itself. */
export async function statusCommand(ctx: CliContext): Promise<void> {
  const owner = await listeningOwner(ctx);
  if (!owner) {
    ctx.out.result(`Sahel is not running on ${ctx.dataDir}.`, { running: false, dataDir: ctx.dataDir });
    return;
  }
  const { connectSocket } = await import('../../../api/index.js');
  const conn = await connectSocket(owner.socket).catch(() => {
    throw notAnswering(ctx, owner);
  });
  try {
    const status = await conn.client.app.status({});
    ctx.out.result(formatStatus(status), { running: true, ...status });
  } finally {
    conn.close();
  }
}

function formatStatus(s: AppStatus): string {
  const vault = {
    unavailable: 'not built yet',
    uninitialised: 'not set up (sahel vault init)',
    locked: 'locked',
    unlocked: 'unlocked',
  }[s.vault.state];
  return [
    `Sahel ${s.version} is running (${s.owner.kind}, pid ${s.owner.pid}, since ${s.owner.startedAt})`,
    `  data:    ${s.owner.dataDir}`,
    `  vault:   ${vault}`,
    `  network: ${s.network ? `${s.network.name} (chain ${s.network.chainId})` : 'none'}`,
    `  model:   ${s.model ? s.model.name : 'none loaded'}`,
    `  tasks:   ${s.tasks.running} running`,
  ].join('\n');
}
