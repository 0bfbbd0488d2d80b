import { useEffect, useState } from 'react';
import type { SetAsideItem, VaultState } from '../../../src-shared/domain/vault.js';
import { Button } from '../../components/Button.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { plural } from '../../components/format.js';
import { useVault, vaultErrorMessage, vaultItems } from '../../state/vault.js';

/** What the state alone tells, when the details could not be fetched: ids, no names. */
function fromState(state: VaultState | null): SetAsideItem[] {
  return [
    ...(state?.unreadable ?? []).map((id) => ({ id, reason: 'unreadable' as const, name: null, kind: null })),
    ...(state?.damaged ?? []).map((id) => ({ id, reason: 'damaged' as const, name: null, kind: null })),
  ];
}

function describe(item: SetAsideItem): string {
  const named = item.name ? `“${item.name}”` : `An item (${item.id.slice(0, 8)}…)`;
  return item.reason === 'unreadable'
    ? `An item whose name cannot be read (${item.id.slice(0, 8)}…): its record in sahel.db is damaged`
    : `${named}: its encrypted file is damaged or was replaced`;
}

/**
 * The items the owner set aside because they could not be opened (a damaged record, a damaged or
 * replaced file), said plainly with what the user can do: remove each, or restore from a backup.
 * Nothing shows while there are none.
 */
export function SetAsideNotice() {
  const state = useVault((s) => s.state);
  const lastChange = useVault((s) => s.lastChange.seq);
  const key = [...(state?.unreadable ?? []), '|', ...(state?.damaged ?? [])].join(',');
  const count = (state?.unreadable.length ?? 0) + (state?.damaged.length ?? 0);
  const [items, setItems] = useState<SetAsideItem[]>([]);
  const [removing, setRemoving] = useState<SetAsideItem | null>(null);

  // An item removed elsewhere (the item's own Delete) leaves the lists: ask for them again.
  useEffect(() => {
    if (lastChange > 0 && count > 0) void useVault.getState().loadState();
  }, [lastChange, count]);

  useEffect(() => {
    if (key === '|') {
      setItems([]);
      return;
    }
    let stale = false;
    vaultItems
      .setAside({})
      .then((r) => !stale && setItems(r.items))
      .catch(() => !stale && setItems(fromState(useVault.getState().state)));
    return () => {
      stale = true;
    };
  }, [key]);

  if (count === 0 || items.length === 0) return null;
  return (
    <section
      className="vault-set-aside"
      aria-labelledby="vault-set-aside-title"
      data-testid="vault-set-aside"
    >
      <p id="vault-set-aside-title" className="vault-set-aside-title">
        {plural(items.length, 'item')} could not be opened:
      </p>
      <ul className="vault-set-aside-list">
        {items.map((item) => (
          <li key={item.id}>
            <span>{describe(item)}</span>
            <Button size="sm" variant="destructive" onClick={() => setRemoving(item)}>
              Remove
            </Button>
          </li>
        ))}
      </ul>
      <p className="vault-set-aside-help">
        They are left untouched and the rest of the vault works. Remove the ones you can do without, or, to
        get them back, quit Sahel and restore its data folder (sahel.db and vault/) from a backup.
      </p>
      {removing && (
        <ConfirmDialog
          title={removing.name ? `Remove “${removing.name}”?` : 'Remove the unreadable item?'}
          confirmLabel="Remove"
          onClose={() => setRemoving(null)}
          onConfirm={async () => {
            await vaultItems.remove({ id: removing.id });
            setRemoving(null);
            await useVault.getState().loadState();
            await useVault.getState().refresh();
          }}
          describe={vaultErrorMessage}
        >
          {removing.reason === 'unreadable'
            ? 'Its record and its encrypted file are deleted; what it held cannot be recovered except from a backup.'
            : 'The item and its damaged file are deleted from the vault.'}{' '}
          This cannot be undone.
        </ConfirmDialog>
      )}
    </section>
  );
}
