import { useEffect, useState } from 'react';
import type { VaultItem } from '../../../src-shared/domain/vault.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { plural } from '../../components/format.js';
import { vaultErrorMessage, vaultItems } from '../../state/vault.js';

/** Counts everything under a folder, however deep. Stops early past `cap`. */
async function countContents(folderId: string, cap = 10_000): Promise<number> {
  let count = 0;
  const pending = [folderId];
  while (pending.length > 0 && count < cap) {
    const id = pending.pop()!;
    const { items } = await vaultItems.list({ parentId: id });
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

  return (
    <ConfirmDialog
      title={`Delete “${item.name}”?`}
      confirmLabel="Delete"
      onClose={onClose}
      onConfirm={async () => {
        await vaultItems.remove({ id: item.id });
        onDeleted();
      }}
      describe={vaultErrorMessage}
    >
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
    </ConfirmDialog>
  );
}
