import type { ReactNode } from 'react';
import { Button } from './Button.js';
import { FormError } from './FormError.js';

interface SubmitButtonProps {
  busy: boolean;
  /** Off for another reason than the request in flight (a countdown, nothing changed yet). */
  disabled?: boolean;
  /** The label (may change while busy). */
  children: ReactNode;
}

/** A form's primary button, with the spinner while its request runs. */
export function SubmitButton({ busy, disabled = false, children }: SubmitButtonProps) {
  return (
    <Button type="submit" variant="primary" disabled={busy || disabled} aria-busy={busy}>
      {busy && <span className="spinner" aria-hidden="true" />}
      {children}
    </Button>
  );
}

interface FormActionsProps extends SubmitButtonProps {
  /** Said beside the button while busy, for waits of seconds (key derivation, decryption). */
  busyNote?: string | false;
}

/** The end of a form on a page: the primary button and what it is waiting for. */
export function FormActions({ busyNote, ...button }: FormActionsProps) {
  return (
    <div className="form-actions">
      <SubmitButton {...button} />
      {button.busy && busyNote && (
        <span className="muted" role="status">
          {busyNote}
        </span>
      )}
    </div>
  );
}

interface FormFooterProps extends SubmitButtonProps {
  /** The last failure, shown above the buttons and announced. */
  error: string | null;
  onCancel(): void;
  /** Said before the buttons while busy, for waits of seconds. */
  busyNote?: string;
}

/** The end of every dialog form: the error, Cancel, and the primary submit with its spinner. */
export function FormFooter({ error, onCancel, busyNote, ...button }: FormFooterProps) {
  return (
    <>
      <FormError error={error} />
      <div className="dialog-actions">
        {button.busy && busyNote && (
          <span className="muted dialog-busy" role="status">
            {busyNote}
          </span>
        )}
        <Button onClick={onCancel} disabled={button.busy}>
          Cancel
        </Button>
        <SubmitButton {...button} />
      </div>
    </>
  );
}
