import { useState } from 'react';
import { Button } from '../../components/Button.js';
import { useVault } from '../../state/vault.js';
import { useWallet } from '../../state/wallet.js';
import { BuyDialog } from './BuyDialog.js';
import { buyBlocked } from './buy-text.js';
import { NotBuiltNote } from './NotBuiltNote.js';

/** A live offer's "Buy…": the buy dialog, or the plain reason it is off. */
export function BuyButton({ offerId, title }: { offerId: string; title: string }) {
  const [open, setOpen] = useState(false);
  const vault = useVault((s) => s.state?.state ?? null);
  const walletExists = useWallet((s) => s.status?.exists ?? null);
  const accounts = useWallet((s) => s.accounts?.length ?? 0);
  const reason = buyBlocked(vault, walletExists, accounts);
  const noteId = `buy-note-${offerId}`;
  return (
    <div className="market-actions">
      <Button
        variant="primary"
        disabled={reason !== null}
        aria-describedby={reason ? noteId : undefined}
        onClick={() => setOpen(true)}
      >
        Buy…
      </Button>
      {reason && <NotBuiltNote id={noteId}>{reason}</NotBuiltNote>}
      {open && <BuyDialog offerId={offerId} title={title} onClose={() => setOpen(false)} />}
    </div>
  );
}
