import {
  type ChangeEvent,
  type HTMLAttributes,
  type KeyboardEvent,
  type ReactNode,
  type Ref,
  useId,
} from 'react';

interface TextFieldProps {
  /** What the field holds. Shown above it (stacked), beside it (inline), or only to assistive technology (hideLabel). */
  label: ReactNode;
  value: string;
  onChange(value: string): void;
  /** Stacked: a form's field, label above. Inline: a field inside a row (a rename, a search box, a setting). */
  variant?: 'stacked' | 'inline';
  /** The label is read out but not shown, where the field's place says what it is (a search box, a composer). */
  hideLabel?: boolean;
  /** A line under the field that describes it to assistive technology too. */
  hint?: ReactNode;
  /** Ids of hints shown elsewhere on the page that describe this field too. */
  describedBy?: string;
  /** What is wrong with the value, once the form has been submitted. */
  problem?: string | null;
  /** Focused when its dialog opens (see Dialog's data-autofocus). */
  autoFocus?: boolean;
  /** Focused as soon as it appears: for a field the user just asked for (an inline rename, an edit). */
  focusOnMount?: boolean;
  /** A text box of several lines (a note, a message) instead of one line. */
  multiline?: boolean;
  rows?: number;
  /** search: a search box (Escape clears it in the browser); number: digits with a stepper. */
  type?: 'text' | 'search' | 'number';
  min?: number;
  max?: number;
  step?: number | 'any';
  /** sm: in a toolbar or a row of buttons, as tall as a button (the default beside an action); lg: the chat composer. */
  size?: 'sm' | 'md' | 'lg';
  /** The field's width in characters, for a short value (a count, a scale); otherwise it fills its place. */
  chars?: number;
  maxLength?: number;
  placeholder?: string;
  disabled?: boolean;
  autoComplete?: string;
  spellCheck?: boolean;
  autoCapitalize?: string;
  inputMode?: HTMLAttributes<HTMLElement>['inputMode'];
  keyShortcuts?: string;
  onKeyDown?(e: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>): void;
  inputRef?: Ref<HTMLInputElement> | Ref<HTMLTextAreaElement>;
  /** An icon drawn inside the field, before the text (a search box's magnifier). */
  icon?: ReactNode;
  /** Drawn inside the field, after the text, while it is empty and not focused (a shortcut key). */
  trailing?: ReactNode;
  /** A button beside the field (Import, Choose…), on the same line. */
  action?: ReactNode;
  /** What goes between the field and its problem (a picker that fills it, say). */
  below?: ReactNode;
  /** Marked invalid while its problem is told elsewhere (under a row of fields, say). */
  invalid?: boolean;
  /** Monospaced text, for addresses, hashes and amounts. */
  mono?: boolean;
  /** Places the field in its page (width, flex); its look is the kit's. */
  className?: string;
  testId?: string;
}

/** The one text field of the app: a form's labelled field, or an inline one in a row. */
export function TextField({
  label,
  onChange,
  variant = 'stacked',
  hideLabel = false,
  hint,
  describedBy,
  problem,
  autoFocus,
  focusOnMount,
  multiline = false,
  type = 'text',
  size,
  chars,
  keyShortcuts,
  inputRef,
  icon,
  trailing,
  action,
  below,
  mono = false,
  invalid = false,
  className,
  testId,
  ...rest
}: TextFieldProps) {
  const id = useId();
  const hintId = useId();
  const problemId = useId();
  const described = [describedBy ?? '', hint ? hintId : '', problem ? problemId : ''].filter(Boolean);
  const control = {
    ...rest,
    id,
    // One of the two refs, for the one element drawn (multiline says which).
    ref: inputRef as Ref<never> | undefined,
    className: mono ? 'field-input mono' : 'field-input',
    // Beside a button, as tall as the button.
    'data-size': size ?? (action ? 'sm' : 'md'),
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => onChange(e.target.value),
    'aria-describedby': described.join(' ') || undefined,
    'aria-invalid': problem || invalid ? true : undefined,
    'aria-keyshortcuts': keyShortcuts,
    'data-autofocus': autoFocus || undefined,
    'data-testid': testId,
    autoFocus: focusOnMount,
  };
  let field = multiline ? (
    <textarea {...control} className={`${control.className} field-textarea`} />
  ) : (
    <input {...control} type={type} size={chars} data-chars={chars ? true : undefined} />
  );
  if (icon || trailing)
    field = (
      <span
        className="field-box"
        data-icon={icon ? true : undefined}
        data-trailing={trailing ? true : undefined}
      >
        {icon}
        {field}
        {trailing && <span className="field-trailing">{trailing}</span>}
      </span>
    );
  if (action)
    field = (
      <div className="field-row">
        {field}
        {action}
      </div>
    );
  return (
    <div className={['field', className].filter(Boolean).join(' ')} data-variant={variant}>
      <label htmlFor={id} className={hideLabel ? 'sr-only' : 'field-name'}>
        {label}
      </label>
      {field}
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
