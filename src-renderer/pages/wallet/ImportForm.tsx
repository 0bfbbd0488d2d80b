import { type FormEvent, useId, useRef, useState } from 'react';
import { Button } from '../../components/Button.js';
import { FormError } from '../../components/FormError.js';
import { FormActions } from '../../components/FormFooter.js';
import { PassphraseInput } from '../../components/PassphraseFields.js';
import { TextField } from '../../components/TextField.js';
import { useFormAction } from '../../components/use-form-action.js';
import { useWallet } from '../../state/wallet.js';

type Kind = 'mnemonic' | 'privateKey' | 'keystore';

const KINDS: { kind: Kind; label: string }[] = [
  { kind: 'mnemonic', label: 'Recovery phrase' },
  { kind: 'privateKey', label: 'Private key' },
  { kind: 'keystore', label: 'Keystore file' },
];

/** Keystore v3 files are a few hundred bytes; the API takes at most 64 KiB. */
const MAX_KEYSTORE_BYTES = 64 * 1024;

/** Checks the typed secret's shape before it leaves the page; the owner checks it again, for real. */
function localProblem(kind: Kind, secret: string, keystore: string | null, password: string): string | null {
  if (kind === 'mnemonic') {
    const n = secret.trim().split(/\s+/).filter(Boolean).length;
    if (n === 0) return 'Enter your recovery phrase.';
    if (![12, 15, 18, 21, 24].includes(n)) return `A recovery phrase has 12 to 24 words; this has ${n}.`;
  } else if (kind === 'privateKey') {
    if (!/^(0x)?[0-9a-fA-F]{64}$/.test(secret.trim()))
      return 'A private key is 64 hex digits, with or without 0x.';
  } else {
    if (!keystore) return 'Choose the keystore file.';
    if (!password) return "Enter the keystore file's password.";
  }
  return null;
}

interface ImportFormProps {
  /** Without a recovery phrase in the wallet yet, one can be imported; after that, only single keys. */
  withPhrase?: boolean;
  onDone?(): void;
}

/** Brings in an existing wallet: a recovery phrase, a private key, or a keystore file and its password. */
export function ImportForm({ withPhrase = true, onDone }: ImportFormProps) {
  const kinds = withPhrase ? KINDS : KINDS.filter((k) => k.kind !== 'mnemonic');
  const [kind, setKind] = useState<Kind>(kinds[0]?.kind ?? 'privateKey');
  const [secret, setSecret] = useState('');
  const [keystore, setKeystore] = useState<{ name: string; json: string } | null>(null);
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const form = useFormAction();
  const { busy, error } = form;
  const errorId = useId();
  const fileRef = useRef<HTMLInputElement>(null);

  const pickFile = async (file: File | undefined) => {
    form.clear();
    if (!file) return;
    if (file.size > MAX_KEYSTORE_BYTES) {
      setKeystore(null);
      return form.fail('This file is too large to be a keystore file.');
    }
    setKeystore({ name: file.name, json: await file.text() });
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const wallet = useWallet.getState();
    const problem = localProblem(kind, secret, keystore?.json ?? null, password);
    if (problem) return form.fail(problem);
    const accountName = name.trim() ? { name: name.trim() } : {};
    void form.run(async () => {
      const account = await wallet.import(
        kind === 'mnemonic'
          ? { kind, mnemonic: secret.trim().toLowerCase().split(/\s+/).join(' '), ...accountName }
          : kind === 'privateKey'
            ? { kind, privateKey: secret.trim(), ...accountName }
            : { kind, json: keystore?.json ?? '', password, ...accountName },
      );
      // The secret is in the vault now; this page forgets it.
      setSecret('');
      setPassword('');
      setKeystore(null);
      useWallet.getState().putAccount(account);
      useWallet.getState().select(account.address);
      await useWallet.getState().loadStatus();
      onDone?.();
    });
  };

  return (
    <form className="form" onSubmit={submit} noValidate aria-describedby={error ? errorId : undefined}>
      <fieldset className="wallet-segmented" disabled={busy}>
        <legend className="field-name">What do you have?</legend>
        {kinds.map((k) => (
          <label key={k.kind} className="wallet-segment">
            <input
              type="radio"
              name="import-kind"
              checked={kind === k.kind}
              onChange={() => {
                setKind(k.kind);
                setSecret('');
                form.clear();
              }}
            />
            <span>{k.label}</span>
          </label>
        ))}
      </fieldset>

      {kind === 'mnemonic' && (
        <TextField
          label="Recovery phrase"
          value={secret}
          onChange={form.edit(setSecret)}
          multiline
          rows={3}
          mono
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="off"
          disabled={busy}
          placeholder="word1 word2 word3 …"
          hint="12 to 24 words separated by spaces. Accounts are derived from it."
        />
      )}
      {kind === 'privateKey' && (
        <PassphraseInput
          label="Private key"
          value={secret}
          onChange={form.edit(setSecret)}
          autoComplete="new-password"
          disabled={busy}
        />
      )}
      {kind === 'keystore' && (
        <>
          <div className="field">
            <span className="field-name">Keystore file</span>
            <div className="wallet-file-row">
              <Button onClick={() => fileRef.current?.click()} disabled={busy}>
                Choose file…
              </Button>
              <span className="muted">{keystore ? keystore.name : 'No file chosen'}</span>
              <input
                ref={fileRef}
                type="file"
                accept=".json,application/json"
                hidden
                data-testid="wallet-keystore-input"
                onChange={(e) => void pickFile(e.target.files?.[0])}
              />
            </div>
          </div>
          <PassphraseInput
            label="Keystore password"
            value={password}
            onChange={form.edit(setPassword)}
            autoComplete="current-password"
            disabled={busy}
          />
        </>
      )}

      <TextField
        label={
          <>
            Account name <span className="muted">(optional)</span>
          </>
        }
        value={name}
        maxLength={64}
        onChange={setName}
        disabled={busy}
      />
      <FormError error={error} id={errorId} />
      <FormActions
        busy={busy}
        busyNote={kind === 'keystore' && 'Decrypting the keystore file. This can take a few seconds.'}
      >
        {busy ? 'Importing…' : 'Import'}
      </FormActions>
    </form>
  );
}
