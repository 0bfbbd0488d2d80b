import type { ReactNode } from 'react';
import { Button } from './Button.js';
import { Dialog } from './Dialog.js';
import { FormError } from './FormError.js';
import { useFormAction } from './use-form-action.js';

interface ConfirmDialogProps {
  /** A question: "Delete “x”?". */
  title: string;
  /** The danger button's label: the verb, never "OK". */
  confirmLabel: string;
  onClose(): void;
  /** The destructive step. On failure the dialog stays open with the reason. */
  onConfirm(): Promise<void>;
  /** How a failure reads (the vault words its own errors). */
  describe?: (err: unknown) => string;
  /** What will be lost. */
  children: ReactNode;
}

/**
 * Asks before something that cannot be undone. Focus starts on Cancel, so Enter on an
 * unread dialog never destroys anything.
 */
export function ConfirmDialog({
  title,
  confirmLabel,
  onClose,
  onConfirm,
  describe,
  children,
}: ConfirmDialogProps) {
  const { busy, error, run } = useFormAction(describe);
  return (
    <Dialog title={title} onClose={onClose} busy={busy} tone="danger">
      <p className="dialog-text">{children}</p>
      <FormError error={error} />
      <div className="dialog-actions">
        <Button onClick={onClose} disabled={busy} data-autofocus>
          Cancel
        </Button>
        <Button variant="danger" onClick={() => void run(onConfirm)} disabled={busy}>
          {busy && <span className="spinner" aria-hidden="true" />}
          {confirmLabel}
        </Button>
      </div>
    </Dialog>
  );
}
