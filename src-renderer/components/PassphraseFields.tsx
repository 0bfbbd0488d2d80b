import { type Ref, type RefObject, useId, useMemo, useRef, useState } from 'react';
import { estimateStrength, MIN_SCORE, type Strength } from '../../src-shared/passphrase-strength.js';
import { EyeIcon } from './icons.js';

interface PassphraseInputProps {
  label: string;
  value: string;
  onChange(value: string): void;
  autoComplete: 'new-password' | 'current-password';
  autoFocus?: boolean;
  /** Ids of hints or errors that describe the field. */
  describedBy?: string;
  invalid?: boolean;
  inputRef?: Ref<HTMLInputElement>;
  disabled?: boolean;
}

/** A labelled password field with a show/hide toggle. */
export function PassphraseInput({
  label,
  value,
  onChange,
  autoComplete,
  autoFocus,
  describedBy,
  invalid,
  inputRef,
  disabled,
}: PassphraseInputProps) {
  const id = useId();
  const [shown, setShown] = useState(false);
  return (
    <div className="field">
      <label htmlFor={id} className="field-name">
        {label}
      </label>
      <div className="secret-input">
        <input
          ref={inputRef}
          id={id}
          className="field-input"
          type={shown ? 'text' : 'password'}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          autoComplete={autoComplete}
          spellCheck={false}
          autoCapitalize="off"
          data-autofocus={autoFocus || undefined}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          disabled={disabled}
        />
        <button
          type="button"
          className="reveal-toggle"
          aria-pressed={shown}
          title={shown ? 'Hide' : 'Show'}
          aria-label={`Show ${label.toLowerCase()}`}
          onClick={() => setShown((s) => !s)}
          disabled={disabled}
        >
          <EyeIcon />
        </button>
      </div>
    </div>
  );
}

interface VaultPassphraseInputProps {
  value: string;
  onChange(value: string): void;
  disabled: boolean;
}

/** The vault passphrase asked again before a secret leaves the wallet (keystore export, the words). */
export function VaultPassphraseInput(p: VaultPassphraseInputProps) {
  return <PassphraseInput label="Vault passphrase" autoComplete="current-password" {...p} />;
}

/** What to say when a new passphrase will not do; `weak` is followed by the meter's advice. */
export interface NewPassphraseMessages {
  empty: string;
  weak: string;
  mismatch: string;
}

export interface NewPassphrase {
  value: string;
  confirm: string;
  onValue(value: string): void;
  onConfirm(value: string): void;
  strength: Strength;
  /** Said as soon as the confirmation cannot match any more, not on every keystroke before. */
  mismatch: boolean;
  inputRef: RefObject<HTMLInputElement | null>;
  confirmRef: RefObject<HTMLInputElement | null>;
  /** The first thing wrong with it, focusing the field to fix; null when it will do. */
  problem(): string | null;
  reset(): void;
}

/** A new passphrase typed twice (vault, keystore file); `onEdit` runs on every keystroke. */
export function useNewPassphrase(messages: NewPassphraseMessages, onEdit: () => void): NewPassphrase {
  const [value, setValue] = useState('');
  const [confirm, setConfirm] = useState('');
  const strength = useStrength(value);
  const inputRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);
  const problem = () => {
    if (!value || strength.score < MIN_SCORE) {
      inputRef.current?.focus();
      return value ? `${messages.weak} ${strength.advice}` : messages.empty;
    }
    if (value !== confirm) {
      confirmRef.current?.focus();
      return messages.mismatch;
    }
    return null;
  };
  return {
    value,
    confirm,
    onValue: (v) => {
      setValue(v);
      onEdit();
    },
    onConfirm: (v) => {
      setConfirm(v);
      onEdit();
    },
    strength,
    mismatch: confirm.length > 0 && !value.startsWith(confirm),
    inputRef,
    confirmRef,
    problem,
    reset: () => {
      setValue('');
      setConfirm('');
    },
  };
}

interface NewPassphraseFieldsProps {
  label: string;
  confirmLabel: string;
  mismatchText: string;
  passphrase: NewPassphrase;
  disabled: boolean;
}

/** A new passphrase typed twice, with the strength meter between (creating a vault, changing it). */
export function NewPassphraseFields({
  label,
  confirmLabel,
  mismatchText,
  passphrase: p,
  disabled,
}: NewPassphraseFieldsProps) {
  const strengthId = useId();
  const mismatchId = useId();
  return (
    <>
      <PassphraseInput
        label={label}
        value={p.value}
        onChange={p.onValue}
        autoComplete="new-password"
        describedBy={strengthId}
        inputRef={p.inputRef}
        disabled={disabled}
      />
      <StrengthMeter strength={p.strength} id={strengthId} />
      <PassphraseInput
        label={confirmLabel}
        value={p.confirm}
        onChange={p.onConfirm}
        autoComplete="new-password"
        describedBy={p.mismatch ? mismatchId : undefined}
        invalid={p.mismatch}
        inputRef={p.confirmRef}
        disabled={disabled}
      />
      {p.mismatch && (
        <p id={mismatchId} className="field-note" data-tone="danger">
          {mismatchText}
        </p>
      )}
    </>
  );
}

/** Five segments and a plain-language verdict. */
export function StrengthMeter({ strength, id }: { strength: Strength; id: string }) {
  const empty = strength.label === '';
  return (
    <div className="strength" data-score={empty ? undefined : strength.score}>
      {/* The bar repeats the verdict below it, which is what assistive technology reads. */}
      <div className="strength-bar" aria-hidden="true">
        {[0, 1, 2, 3, 4].map((i) => (
          <span key={i} className="strength-segment" data-on={!empty && i <= strength.score} />
        ))}
      </div>
      <p id={id} className="strength-text">
        {empty ? (
          'Use four or more unrelated words, or a long mix of characters.'
        ) : (
          <>
            <strong className="strength-label">{strength.label}.</strong> {strength.advice}
          </>
        )}
      </p>
    </div>
  );
}

/** The strength of a passphrase as it is typed. */
export function useStrength(passphrase: string): Strength {
  return useMemo(() => estimateStrength(passphrase), [passphrase]);
}
