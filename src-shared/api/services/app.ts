import { z } from 'zod';
import { AppStatus } from '../../domain/status.js';
import { procedure } from '../define.js';

export const NoInput = z.strictObject({});

export const AppInfo = z.object({
  name: z.literal('Sahel'),
  version: z.string(),
  platform: z.string(),
  node: z.string(),
  dataDir: z.string(),
  logFile: z.string(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const appService = {
  status: procedure(NoInput, AppStatus, 'What the owner process is running: vault, network, model, tasks.'),
  info: procedure(NoInput, AppInfo, 'Version, platform and where the data lives.'),
} as const;
