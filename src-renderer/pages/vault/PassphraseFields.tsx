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
