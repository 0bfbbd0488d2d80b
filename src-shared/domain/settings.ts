import { z } from 'zod';

export const Theme = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof Theme>;

/** User settings kept in the data dir's database. Defaults apply to keys never set. */
export const Settings = z.object({
  theme: Theme,
  /** Lock the vault after this many minutes without vault activity; 0 = never. */
  vaultAutoLockMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60),
});
export type Settings = z.infer<typeof Settings>;

export const SETTINGS_DEFAULTS: Settings = { theme: 'system', vaultAutoLockMinutes: 15 };
