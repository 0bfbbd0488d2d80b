import { z } from 'zod';
import { OWNER_KINDS } from './owner-kind.js';

export const OwnerKind = z.enum(OWNER_KINDS);
export type OwnerKind = z.infer<typeof OwnerKind>;

/**
 * What the status bar shows. A part that is not built yet reports `unavailable` rather than pretending
 * to a state it cannot have.
 */
export const AppStatus = z.object({
  version: z.string(),
  owner: z.object({
    pid: z.number().int(),
    kind: OwnerKind,
    dataDir: z.string(),
    startedAt: z.string(),
  }),
  vault: z.object({ state: z.enum(['unavailable', 'uninitialised', 'locked', 'unlocked']) }),
  network: z.object({ name: z.string(), chainId: z.number().int(), devnet: z.boolean() }).nullable(),
  model: z.object({ id: z.string(), name: z.string() }).nullable(),
  tasks: z.object({ running: z.number().int().nonnegative() }),
});
export type AppStatus = z.infer<typeof AppStatus>;
