import type { ReactNode } from 'react';

interface FormFooterProps {
  /** The last failure, shown above the buttons and announced. */
  error: string | null;
  busy: boolean;
  onCancel(): void;
  /** The submit button's label (may change while busy). */
  children: ReactNode;
}

/** The end of every dialog form: the error, Cancel, and the primary submit with its spinner. */
export function FormFooter({ error, busy, onCancel, children }: FormFooterProps) {
  return (
    <>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="vault-dialog-actions">
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="submit" className="button vault-primary" disabled={busy} aria-busy={busy}>
          {busy && <span className="spinner" aria-hidden="true" />}
          {children}
        </button>
      </div>
    </>
  );
}
