import { type FormEvent, useId, useState } from 'react';
import { FormError } from '../../components/FormError.js';
import { FormActions } from '../../components/FormFooter.js';
import { GateCard } from '../../components/GateCard.js';
import { WalletIcon } from '../../components/icons.js';
import { useFormAction } from '../../components/use-form-action.js';
import { useWallet } from '../../state/wallet.js';
import { ImportForm } from './ImportForm.js';

type Mode = 'create' | 'import';

/** No wallet yet: make a new one (the words come next, in the backup flow) or bring one in. */
export function WalletSetup({ onCreated }: { onCreated(): void }) {
  const [mode, setMode] = useState<Mode>('create');
  const tabsId = useId();
  return (
    <GateCard
      Icon={WalletIcon}
      titleId="wallet-setup-title"
      title="Set up your wallet"
      variant="wallet-setup"
    >
      <p className="gate-text">
        Your wallet holds your accounts' keys: it shows their balances and sends, always after a review
        screen. Its secrets are kept only in your vault and never leave this machine. Buying and selling on
        the marketplace, and letting your agent spend within limits you set, are not built yet.
      </p>
      <div className="wallet-tabs" role="tablist" aria-label="How to set up the wallet">
        {(['create', 'import'] as const).map((m) => (
          <button
            key={m}
            type="button"
            role="tab"
            id={`${tabsId}-${m}`}
            aria-selected={mode === m}
            aria-controls={`${tabsId}-panel`}
            className="wallet-tab"
            onClick={() => setMode(m)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
                const next = m === 'create' ? 'import' : 'create';
                setMode(next);
                document.getElementById(`${tabsId}-${next}`)?.focus();
              }
            }}
            tabIndex={mode === m ? 0 : -1}
          >
            {m === 'create' ? 'Create a new wallet' : 'Import a wallet'}
          </button>
        ))}
      </div>
      <div id={`${tabsId}-panel`} role="tabpanel" aria-labelledby={`${tabsId}-${mode}`}>
        {mode === 'create' ? <CreateForm onCreated={onCreated} /> : <ImportForm />}
      </div>
    </GateCard>
  );
}

function CreateForm({ onCreated }: { onCreated(): void }) {
  const [words, setWords] = useState<12 | 24>(12);
  const { busy, error, run } = useFormAction();
  const errorId = useId();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const wallet = useWallet.getState();
    void run(async () => {
      const status = await wallet.create({ words });
      onCreated();
      useWallet.getState().received(status);
    });
  };

  return (
    <form className="form" onSubmit={submit} aria-describedby={error ? errorId : undefined}>
      <fieldset className="wallet-choice" disabled={busy}>
        <legend className="field-name">Length of the recovery phrase</legend>
        {([12, 24] as const).map((n) => (
          <label key={n} className="wallet-choice-option">
            <input type="radio" name="words" checked={words === n} onChange={() => setWords(n)} />
            <span>
              <strong>{n} words</strong>
              <span className="hint">
                {n === 12 ? ' — what most wallets use; 128 bits of entropy' : ' — 256 bits, for the cautious'}
              </span>
            </span>
          </label>
        ))}
      </fieldset>
      <p className="field-note">
        Next you will see the words. Write them down on paper: with them you can restore this wallet in Sahel
        or any other wallet, and so can anyone who finds them. Until you confirm your copy, Backup shows them
        again; after that, only with your passphrase.
      </p>
      <FormError error={error} id={errorId} />
      <FormActions busy={busy}>{busy ? 'Creating wallet…' : 'Create wallet'}</FormActions>
    </form>
  );
}
