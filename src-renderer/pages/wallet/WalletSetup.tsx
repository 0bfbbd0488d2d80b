import { type FormEvent, useId, useState } from 'react';
import { WalletIcon } from '../../components/icons.js';
import { errorMessage } from '../../state/errors.js';
import { useWallet } from '../../state/wallet.js';
import { walletApi } from '../../state/wallet-api.js';
import { ImportForm } from './ImportForm.js';

type Mode = 'create' | 'import';

/** No wallet yet: make a new one (the words come next, in the backup flow) or bring one in. */
export function WalletSetup({ onCreated }: { onCreated(): void }) {
  const [mode, setMode] = useState<Mode>('create');
  const tabsId = useId();
  return (
    <section className="vault-card wallet-setup" aria-labelledby="wallet-setup-title">
      <div className="vault-gate-icon">
        <WalletIcon size={20} />
      </div>
      <h2 id="wallet-setup-title" className="vault-gate-title">
        Set up your wallet
      </h2>
      <p className="vault-gate-text">
        Your wallet holds the keys with which you — and your agent, within the limits you set — buy and sell
        on the marketplace. Its secrets are kept only in your vault and never leave this machine.
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
    </section>
  );
}

function CreateForm({ onCreated }: { onCreated(): void }) {
  const [words, setWords] = useState<12 | 24>(12);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const wallet = walletApi('wallet');
    if (busy || !wallet) return;
    setBusy(true);
    setError(null);
    try {
      const status = await wallet.create({ words });
      onCreated();
      useWallet.getState().received(status);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <form className="vault-form" onSubmit={submit} aria-describedby={error ? errorId : undefined}>
      <fieldset className="wallet-choice" disabled={busy}>
        <legend className="vault-label">Length of the recovery phrase</legend>
        {([12, 24] as const).map((n) => (
          <label key={n} className="wallet-choice-option">
            <input type="radio" name="words" checked={words === n} onChange={() => setWords(n)} />
            <span>
              <strong>{n} words</strong>
              <span className="vault-hint">
                {n === 12 ? ' — what most wallets use; 128 bits of entropy' : ' — 256 bits, for the cautious'}
              </span>
            </span>
          </label>
        ))}
      </fieldset>
      <p className="vault-field-note">
        Next you will see the words once. Write them down on paper: with them you can restore this wallet in
        Sahel or any other wallet, and so can anyone who finds them.
      </p>
      {error && (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="vault-form-actions">
        <button type="submit" className="button vault-primary" disabled={busy} aria-busy={busy}>
          {busy && <span className="spinner" aria-hidden="true" />}
          {busy ? 'Creating wallet…' : 'Create wallet'}
        </button>
      </div>
    </form>
  );
}
