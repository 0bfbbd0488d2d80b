import { z } from 'zod';
import { Settings } from '../domain/settings.js';
import { AppStatus } from '../domain/status.js';
import { VaultProgress, VaultState } from '../domain/vault.js';

/** Events pushed from the owner process to subscribers, on the same transports as the procedures. */
export const events = {
  'app.status': AppStatus,
  'settings.changed': Settings,
  'vault.state': VaultState,
  /** The item list changed (import, delete, rename): views reload what they show. */
  'vault.changed': z.object({ ids: z.array(z.string()) }),
  'vault.progress': VaultProgress,
} as const;

export type SahelEvents = typeof events;
export type EventName = keyof SahelEvents;
export type EventPayload<N extends EventName> = z.output<SahelEvents[N]>;

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}
