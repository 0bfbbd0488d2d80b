import { licenceExpiredLabel } from '../../src-shared/domain/models.js';
import { SahelError } from '../../src-shared/errors.js';

/**
 * Whether a vault item may be used under the licence it was bought with. The market layer decides
 * (core.ts hands its answer in: llm may not import market); null means the item was not bought here,
 * or its licence does not end. An item without this port (tests, a CLI owner) is always usable.
 */
export interface ItemLicences {
  of(itemId: string): { expiresAt: string | null; expired: boolean } | null;
  /** Every item whose licence has ended, and when (ISO). */
  expired(): ReadonlyMap<string, string>;
}

/** The expiry of an item whose licence has ended, else null. */
export function expiredAt(licences: ItemLicences | undefined, itemId: string): string | null {
  const l = licences?.of(itemId);
  return l?.expired ? (l.expiresAt ?? '') : null;
}

/** Refuses an item whose licence has ended, saying when and that it stays the user's to delete. */
export function assertLicensed(licences: ItemLicences | undefined, itemId: string, name: string): void {
  const at = expiredAt(licences, itemId);
  if (at === null) return;
  throw new SahelError(
    'FORBIDDEN',
    `"${name}" cannot be used: its ${licenceExpiredLabel(at)}. It stays in your vault until you delete it.`,
  );
}
