/**
 * Which kind of process owns a data dir. Kept apart from the zod schemas (status.ts builds its enum
 * from this list) so that reading the lock file, which every CLI command does, loads no zod.
 */
export const OWNER_KINDS = ['electron', 'serve', 'cli'] as const;
export type OwnerKind = (typeof OWNER_KINDS)[number];

export function isOwnerKind(value: unknown): value is OwnerKind {
  return (OWNER_KINDS as readonly unknown[]).includes(value);
}
