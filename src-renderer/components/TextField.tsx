import { type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes, useId } from 'react';

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange' | 'autoFocus'>;

interface TextFieldProps extends InputProps {
  label: ReactNode;
  value: string;
  onChange(value: string): void;
  /** A line under the field that describes it to assistive technology too. */
  hint?: ReactNode;
  /** Focused when its dialog opens (see Dialog's data-autofocus). */
  autoFocus?: boolean;
  /** What is wrong with the value, once the form has been submitted. */
  problem?: string | null;
}

/** A labelled one-line text input, the way every form of the app lays it out. */
export function TextField({ label, value, onChange, hint, autoFocus, problem, ...input }: TextFieldProps) {
  const id = useId();
  const hintId = useId();
  const problemId = useId();
  const describedBy = [hint ? hintId : '', problem ? problemId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="vault-field">
      <label htmlFor={id} className="vault-label">
        {label}
      </label>
      <input
        id={id}
        className="vault-input"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={describedBy}
        aria-invalid={problem ? true : undefined}
        data-autofocus={autoFocus || undefined}
        {...input}
      />
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      {problem && (
        <p id={problemId} className="vault-field-note" data-tone="danger">
          {problem}
        </p>
      )}
    </div>
  );
}

type TextAreaProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'value' | 'onChange'> & {
  label: ReactNode;
  value: string;
  onChange(value: string): void;
};

/** A labelled text box of several lines (a note, a persona's instructions). */
export function TextArea({ label, value, onChange, ...area }: TextAreaProps) {
  const id = useId();
  return (
    <div className="vault-field">
      <label htmlFor={id} className="vault-label">
        {label}
      </label>
      <textarea
        id={id}
        className="vault-input vault-textarea"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        {...area}
      />
    </div>
  );
}
