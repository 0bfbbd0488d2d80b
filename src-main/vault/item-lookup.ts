import { VaultError } from './errors.js';
import type { ItemMeta } from './item-meta.js';
import type { UnlockedSession } from './session.js';

/** An item's opened metadata; NOT_FOUND for an id the unlocked vault does not hold. */
export function metaOf(session: UnlockedSession, id: string): ItemMeta {
  const m = session.metas.get(id);
  if (!m) throw new VaultError('NOT_FOUND', 'No such item');
  return m;
}

/** Items go only into folders (or the top level, null). */
export function checkParent(session: UnlockedSession, parentId: string | null): void {
  if (parentId !== null && metaOf(session, parentId).kind !== 'folder')
    throw new VaultError('BAD_REQUEST', 'The parent is not a folder');
}

/** The item and everything under it, parents before their children. */
export function descendants(session: UnlockedSession, id: string): string[] {
  const out = [id];
  for (let i = 0; i < out.length; i++) {
    for (const [child, m] of session.metas) if (m.parentId === out[i]) out.push(child);
  }
  return out;
}
