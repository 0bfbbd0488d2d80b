import { type Ref, useId, useMemo, useState } from 'react';
import { estimateStrength, type Strength } from './strength.js';
import { EyeIcon } from './vault-icons.js';

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
    <div className="vault-field">
      <label htmlFor={id} className="vault-label">
        {label}
      </label>
      <div className="vault-secret-input">
        <input
          ref={inputRef}
          id={id}
          className="vault-input"
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
          className="vault-reveal-toggle"
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

interface NewPassphraseFieldsProps {
  label: string;
  confirmLabel: string;
  mismatchText: string;
  value: string;
  confirm: string;
  onValue(value: string): void;
  onConfirm(value: string): void;
  strength: Strength;
  mismatch: boolean;
  disabled: boolean;
  inputRef: Ref<HTMLInputElement>;
  confirmRef: Ref<HTMLInputElement>;
}

/** A new passphrase typed twice, with the strength meter between (creating a vault, changing it). */
export function NewPassphraseFields(p: NewPassphraseFieldsProps) {
  const strengthId = useId();
  const mismatchId = useId();
  return (
    <>
      <PassphraseInput
        label={p.label}
        value={p.value}
        onChange={p.onValue}
        autoComplete="new-password"
        describedBy={strengthId}
        inputRef={p.inputRef}
        disabled={p.disabled}
      />
      <StrengthMeter strength={p.strength} id={strengthId} />
      <PassphraseInput
        label={p.confirmLabel}
        value={p.confirm}
        onChange={p.onConfirm}
        autoComplete="new-password"
        describedBy={p.mismatch ? mismatchId : undefined}
        invalid={p.mismatch}
        inputRef={p.confirmRef}
        disabled={p.disabled}
      />
      {p.mismatch && (
        <p id={mismatchId} className="vault-field-note" data-tone="danger">
          {p.mismatchText}
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
