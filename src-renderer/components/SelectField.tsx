import { type ReactNode, useId } from 'react';

export interface SelectOption<V extends string | number> {
  value: V;
  label: string;
}

interface SelectFieldProps<V extends string | number> {
  label: string;
  value: V;
  options: readonly SelectOption<V>[];
  /** Called with the chosen option's own value (a number stays a number). */
  onChange(value: V): void;
  disabled?: boolean;
  /** A line under the select that describes it to assistive technology too. */
  hint?: ReactNode;
}

/**
 * A labelled drop-down of settings-style choices. No wrapper element: the label, the select and the
 * hint fall into the surrounding section's own layout (a column in Settings, a row in the vault).
 */
export function SelectField<V extends string | number>({
  label,
  value,
  options,
  onChange,
  disabled = false,
  hint,
}: SelectFieldProps<V>) {
  const id = useId();
  const hintId = useId();
  return (
    <>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <select
        id={id}
        className="select"
        value={value}
        disabled={disabled}
        aria-describedby={hint ? hintId : undefined}
        onChange={(e) => {
          const picked = options.find((o) => String(o.value) === e.target.value);
          if (picked) onChange(picked.value);
        }}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
    </>
  );
}
