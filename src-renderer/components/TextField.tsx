import { type ChangeEvent, type HTMLAttributes, type ReactNode, useId } from 'react';

interface TextFieldProps {
  label: ReactNode;
  value: string;
  onChange(value: string): void;
  /** A line under the field that describes it to assistive technology too. */
  hint?: ReactNode;
  /** What is wrong with the value, once the form has been submitted. */
  problem?: string | null;
  /** Focused when its dialog opens (see Dialog's data-autofocus). */
  autoFocus?: boolean;
  /** A text box of several lines (a note, a persona's instructions) instead of one line. */
  multiline?: boolean;
  rows?: number;
  maxLength?: number;
  placeholder?: string;
  disabled?: boolean;
  autoComplete?: string;
  spellCheck?: boolean;
  autoCapitalize?: string;
  inputMode?: HTMLAttributes<HTMLElement>['inputMode'];
  /** A button beside the field (Import, Choose…), on the same line. */
  action?: ReactNode;
  /** What goes between the field and its problem (a picker that fills it, say). */
  below?: ReactNode;
  /** Marked invalid while its problem is told elsewhere (under a row of fields, say). */
  invalid?: boolean;
  /** Monospaced text, for addresses, hashes and amounts. */
  mono?: boolean;
}

/** A labelled text field, the way every form of the app lays it out. */
export function TextField({
  label,
  onChange,
  hint,
  problem,
  autoFocus,
  multiline = false,
  action,
  below,
  mono = false,
  invalid = false,
  ...rest
}: TextFieldProps) {
  const id = useId();
  const hintId = useId();
  const problemId = useId();
  const control = {
    ...rest,
    id,
    className: mono ? 'field-input mono' : 'field-input',
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => onChange(e.target.value),
    'aria-describedby': [hint ? hintId : '', problem ? problemId : ''].filter(Boolean).join(' ') || undefined,
    'aria-invalid': problem || invalid ? true : undefined,
    'data-autofocus': autoFocus || undefined,
  };
  return (
    <div className="field">
      <label htmlFor={id} className="field-name">
        {label}
      </label>
      {multiline ? (
        <textarea {...control} className={`${control.className} field-textarea`} />
      ) : action ? (
        <div className="field-row">
          <input {...control} />
          {action}
        </div>
      ) : (
        <input {...control} />
      )}
      {below}
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      {problem && (
        <p id={problemId} className="field-note" data-tone="danger">
          {problem}
        </p>
      )}
    </div>
  );
}
