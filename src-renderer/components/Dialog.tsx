import { type KeyboardEvent, type ReactNode, useEffect, useId, useRef } from 'react';
import { Button } from './Button.js';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), textarea:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

interface DialogProps {
  title: string;
  /** Escape, the Cancel button, or the owner deciding it is done. Not called while `busy`. */
  onClose(): void;
  busy?: boolean;
  /** 'danger' tints the title for destructive confirmations. */
  tone?: 'danger';
  children: ReactNode;
}

/**
 * A modal dialog on the native <dialog>: the rest of the page is inert while it is open, Tab cycles
 * inside it, Escape closes it, and focus goes back where it was on close. The first field marked
 * data-autofocus (else the first focusable element) gets focus on open.
 */
export function Dialog({ title, onClose, busy = false, tone, children }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  const busyRef = useRef(busy);
  busyRef.current = busy;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    const first = dialog.querySelector<HTMLElement>('[data-autofocus]') ?? focusables(dialog)[0];
    first?.focus();
    return () => {
      if (dialog.open) dialog.close();
      if (before?.isConnected) before.focus();
    };
  }, []);

  const onKeyDown = (e: KeyboardEvent<HTMLDialogElement>) => {
    if (e.key !== 'Tab' || !ref.current) return;
    const list = focusables(ref.current);
    const first = list[0];
    const last = list.at(-1);
    if (!first || !last) return;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      aria-busy={busy || undefined}
      onKeyDown={onKeyDown}
      onCancel={(e) => {
        // Escape: the dialog closes through its owner's state, never behind React's back.
        e.preventDefault();
        if (!busyRef.current) closeRef.current();
      }}
    >
      <h2 id={titleId} className="dialog-title" data-tone={tone}>
        {title}
      </h2>
      {children}
    </dialog>
  );
}

function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null);
}

/** A dialog's last step once its work is done: the result, and the one button that closes it. */
export function DialogDone({
  closeLabel,
  onClose,
  children,
}: {
  closeLabel: string;
  onClose(): void;
  children: ReactNode;
}) {
  return (
    <div className="form">
      {children}
      <div className="dialog-actions">
        <Button variant="primary" onClick={onClose} data-autofocus>
          {closeLabel}
        </Button>
      </div>
    </div>
  );
}
