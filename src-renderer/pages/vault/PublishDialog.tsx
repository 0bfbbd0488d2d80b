import { useState } from 'react';
import type { PublishResult } from '../../../src-shared/domain/market-publish.js';
import type { VaultItem } from '../../../src-shared/domain/vault.js';
import { Button } from '../../components/Button.js';
import { Dialog, DialogDone } from '../../components/Dialog.js';
import { PublishForm } from '../market/PublishForm.js';
import { PublishDone } from '../market/PublishReview.js';

/** A vault item's "Publish…" action: the publish form in a dialog, closed with the ids on screen. */
export function PublishAction({ item }: { item: VaultItem }) {
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<PublishResult | null>(null);
  const [busy, setBusy] = useState(false);
  if (item.kind === 'secret') return null;
  const close = () => {
    setOpen(false);
    setDone(null);
  };
  return (
    <>
      <Button onClick={() => setOpen(true)}>Publish…</Button>
      {open && (
        <Dialog title={`Publish “${item.name}”`} onClose={close} busy={busy}>
          {done ? (
            <DialogDone closeLabel="Close" onClose={close}>
              <PublishDone result={done} />
            </DialogDone>
          ) : (
            <PublishForm item={item} onDone={setDone} onCancel={close} onBusy={setBusy} />
          )}
        </Dialog>
      )}
    </>
  );
}
