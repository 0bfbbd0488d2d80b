import { type RefObject, useCallback, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { errorMessage } from '../state/errors.js';

export interface FormAction {
  /** True from the moment the work starts until it has succeeded or failed. */
  busy: boolean;
  /** The last failure in words, shown by the form (FormError / FormFooter). */
  error: string | null;
  /** A problem found before anything was sent: say it, and put the cursor where it can be fixed. */
  fail(message: string, focus?: RefObject<HTMLElement | null>): void;
  /** The user is fixing it: the last error goes. */
  clear(): void;
  /** A field's setter that also clears the last error, since the user is fixing it. */
  edit<T>(set: (value: T) => void): (value: T) => void;
  /**
   * Runs the form's one request. A second submit while it runs is ignored. On failure the error is
   * shown and the fields are enabled again before `onError` runs, so it can move focus into them.
   */
  run(work: () => Promise<void>, onError?: () => void | Promise<void>): Promise<void>;
}

/** The busy flag, the error line and the submit guard that every form of the app shares. */
export function useFormAction(describe: (err: unknown) => string = errorMessage): FormAction {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // A ref, not the state: two submits in the same tick both see the state before either's update.
  const running = useRef(false);

  const fail = useCallback((message: string, focus?: RefObject<HTMLElement | null>) => {
    setError(message);
    focus?.current?.focus();
  }, []);

  const clear = useCallback(() => setError(null), []);

  const edit = useCallback(
    <T>(set: (value: T) => void) =>
      (value: T) => {
        set(value);
        setError(null);
      },
    [],
  );

  const run = useCallback(
    async (work: () => Promise<void>, onError?: () => void | Promise<void>) => {
      if (running.current) return;
      running.current = true;
      setBusy(true);
      setError(null);
      try {
        await work();
        running.current = false;
        setBusy(false);
      } catch (err) {
        running.current = false;
        // Rendered now, so that the disabled fields are enabled again and can take focus.
        flushSync(() => {
          setError(describe(err));
          setBusy(false);
        });
        await onError?.();
      }
    },
    [describe],
  );

  return { busy, error, fail, clear, edit, run };
}
