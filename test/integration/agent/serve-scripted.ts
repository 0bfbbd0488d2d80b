// A real `sahel serve` whose model is a script, with a new vault, reached over the WebSocket API: what
// the agent's API tests drive.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Served, startServe } from '../../support/sahel-process.js';
import { wsConnect } from '../../support/ws-client.js';

export async function serveScripted(
  dir: string,
  script: { delayMs?: number; turns: unknown[] },
): Promise<{ served: Served; ws: Awaited<ReturnType<typeof wsConnect>> }> {
  writeFileSync(join(dir, 'script.json'), JSON.stringify(script));
  const served = await startServe(join(dir, 'data'), [], 'serve', {
    SAHEL_CHAT_PROVIDER: `scripted:${join(dir, 'script.json')}`,
  });
  const ws = await wsConnect(served);
  await ws.api.vault.create({ passphrase: 'agent API test passphrase, long enough' });
  return { served, ws };
}
