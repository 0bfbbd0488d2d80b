import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { appRoot } from '../../../platform/index.js';
import type { CliContext } from '../context.js';
import { electronAvailability } from '../electron-binary.js';
import { type ServeFlags, serveCommand } from './serve.js';

export interface StartFlags extends ServeFlags {
  headless?: boolean;
  fetchElectron: boolean;
}

/**
 * `npm start` / `sahel start`: the desktop window where Electron can run, otherwise the same UI from
 * the headless server in a browser, saying why.
 */
export async function startCommand(
  ctx: CliContext,
  flags: StartFlags,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  if (flags.headless) return serveCommand(ctx, flags);
  const electron = electronAvailability({ fetch: flags.fetchElectron, env });
  if (!electron.ok) {
    return serveCommand(ctx, flags, { reason: `The desktop window cannot open: ${electron.reason}` });
  }
  const main = join(appRoot(), 'dist', 'main', 'electron-main.mjs');
  const child = spawn(electron.binary, [main, '--data-dir', ctx.dataDir], { stdio: 'inherit' });
  const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
  process.exitCode = code;
}
