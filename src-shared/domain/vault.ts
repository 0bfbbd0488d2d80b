import { z } from 'zod';

export const VaultItemKind = z.enum(['file', 'folder', 'note', 'secret', 'model-part']);
export type VaultItemKind = z.infer<typeof VaultItemKind>;

/** What a model part is for, so the model manager can apply it (decrypted only for loading). */
export const ModelPart = z.object({
  role: z.enum(['lora-adapter', 'weights', 'system-prompt']),
  /** The model it belongs to (a model id of the model manager), or null for any. */
  model: z.string().max(200).nullable(),
});
export type ModelPart = z.infer<typeof ModelPart>;

const Name = z.string().min(1).max(255);
const Tag = z.string().min(1).max(64);

/** An item as the UI sees it: metadata only. Content is fetched on demand; secrets never in lists. */
export const VaultItem = z.object({
  id: z.string(),
  name: Name,
  kind: VaultItemKind,
  tags: z.array(Tag).max(32),
  size: z.number().int().nonnegative(),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
  mime: z.string().max(128).nullable(),
  parentId: z.string().nullable(),
  created: z.string(),
  updated: z.string(),
  modelPart: ModelPart.nullable(),
  /**
   * An item bought under a licence that has ended: when (ISO). Chat, retrieval and the engine no longer
   * use it; it stays the user's to delete. Absent for the user's own items and live licences.
   */
  licenceExpired: z.string().optional(),
});
export type VaultItem = z.infer<typeof VaultItem>;

export const VaultState = z.object({
  state: z.enum(['uninitialised', 'locked', 'unlocked']),
  /** The vault's age recipient (public), once created. */
  recipient: z.string().nullable(),
  items: z.number().int().nonnegative().nullable(),
  /** Seconds to wait before the next unlock attempt is accepted, after failures. */
  retryAfter: z.number().nonnegative(),
  autoLockMinutes: z.number().int().nonnegative(),
  /** "Remember on this device": the OS keychain can unlock (desktop app, with a real keychain only). */
  deviceUnlock: z.enum(['unavailable', 'available', 'enabled']),
  /** Why device unlock is unavailable, for the UI to say. */
  deviceUnlockNote: z.string().nullable(),
  /** Items whose sealed row could not be read at unlock: left on disk untouched and skipped. */
  unreadable: z.array(z.string()),
  /** Items whose encrypted file was found replaced or damaged since unlock. */
  damaged: z.array(z.string()),
  /** What keeps the vault from being used at all (its key file is missing…), for the UI to say. */
  problem: z.string().nullable(),
});
export type VaultState = z.infer<typeof VaultState>;

/**
 * An item the owner could not open and set aside, untouched on disk: `unreadable` when its sealed row
 * does not open (so its name is unknown too), `damaged` when its encrypted file was found replaced or
 * damaged. The user can remove it, or restore the data dir from a backup.
 */
export const SetAsideItem = z.object({
  id: z.string(),
  reason: z.enum(['unreadable', 'damaged']),
  name: z.string().nullable(),
  kind: VaultItemKind.nullable(),
});
export type SetAsideItem = z.infer<typeof SetAsideItem>;

/** Marks around the matched words in a search snippet: control characters, never found in text. */
export const MATCH_START = '\u0002';
export const MATCH_END = '\u0003';

export const VaultSearchHit = z.object({
  id: z.string(),
  name: z.string(),
  kind: VaultItemKind,
  /** A short excerpt around the match, matches between MATCH_START and MATCH_END (shown only while unlocked). */
  snippet: z.string(),
  score: z.number(),
});
export type VaultSearchHit = z.infer<typeof VaultSearchHit>;

export const VaultPreview = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string(), truncated: z.boolean() }),
  z.object({ kind: z.literal('image'), mime: z.string(), base64: z.string() }),
  z.object({ kind: z.literal('none'), reason: z.string() }),
]);
export type VaultPreview = z.infer<typeof VaultPreview>;

export const VaultProgress = z.object({
  job: z.string(),
  name: z.string(),
  bytes: z.number().nonnegative(),
  total: z.number().nonnegative().nullable(),
  phase: z.enum(['running', 'done', 'failed']),
  error: z.string().nullable(),
});
export type VaultProgress = z.infer<typeof VaultProgress>;
