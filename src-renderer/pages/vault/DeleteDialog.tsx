import { useEffect, useState } from 'react';
import type { VaultItem } from '../../../src-shared/domain/vault.js';
import { client } from '../../bridge.js';
import { vaultErrorMessage } from '../../state/vault.js';
import { Dialog } from './Dialog.js';
import { plural } from './format.js';

/** Counts everything under a folder, however deep. Stops early past `cap`. */
async function countContents(folderId: string, cap = 10_000): Promise<number> {
  let count = 0;
  const pending = [folderId];
  while (pending.length > 0 && count < cap) {
    const id = pending.pop()!;
    const { items } = await client.vault.list({ parentId: id });
    count += items.length;
    for (const child of items) if (child.kind === 'folder') pending.push(child.id);
  }
  return count;
}

interface DeleteDialogProps {
  item: VaultItem;
  onClose(): void;
  onDeleted(): void;
}

/** "Delete “x”?" — with the number of items a folder takes with it. */
export function DeleteDialog({ item, onClose, onDeleted }: DeleteDialogProps) {
  const folder = item.kind === 'folder';
  const [contents, setContents] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!folder) return;
    let stale = false;
    countContents(item.id)
      .then((n) => {
        if (!stale) setContents(n);
      })
      .catch(() => {
        if (!stale) setContents(-1);
      });
    return () => {
      stale = true;
    };
  }, [folder, item.id]);

  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await client.vault.remove({ id: item.id });
      onDeleted();
    } catch (err) {
      setError(vaultErrorMessage(err));
      setBusy(false);
    }
  };

  return (
    <Dialog title={`Delete “${item.name}”?`} onClose={onClose} busy={busy} tone="danger">
      <p className="vault-dialog-text">
        {folder
          ? contents === null
            ? 'This folder and everything in it will be deleted. Counting its contents…'
            : contents < 0
              ? 'This folder and everything in it will be deleted.'
              : contents === 0
                ? 'This empty folder will be deleted.'
                : `This folder and the ${plural(contents, 'item')} in it will be deleted.`
          : `The ${item.kind === 'secret' ? 'secret' : item.kind === 'note' ? 'note' : 'file'} will be deleted from the vault.`}{' '}
        This cannot be undone.
      </p>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="vault-dialog-actions">
        <button type="button" className="button" onClick={onClose} disabled={busy} data-autofocus>
          Cancel
        </button>
        <button type="button" className="button vault-danger" onClick={() => void remove()} disabled={busy}>
          {busy && <span className="spinner" aria-hidden="true" />}
          Delete
        </button>
      </div>
    </Dialog>
  );
}
