import type { AppStatus } from '../../../../src-shared/domain/status.js';
import { dataDirLayout, readOwner } from '../../../platform/index.js';
import type { CliContext } from '../context.js';
import { CliError } from '../output.js';

/** `sahel status`: asks the running owner over its socket; never opens the data dir itself. */
export async function statusCommand(ctx: CliContext): Promise<void> {
  const owner = readOwner(dataDirLayout(ctx.dataDir).lock);
  if (!owner) {
    ctx.out.result(`Sahel is not running on ${ctx.dataDir}.`, { running: false, dataDir: ctx.dataDir });
    return;
  }
  if (!owner.socket) throw new CliError(`Sahel (pid ${owner.pid}) owns ${ctx.dataDir} but is still starting`);
  const { connectSocket } = await import('../../../api/index.js');
  const conn = await connectSocket(owner.socket).catch(() => {
    throw new CliError(`Sahel (pid ${owner.pid}) owns ${ctx.dataDir} but does not answer on ${owner.socket}`);
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
