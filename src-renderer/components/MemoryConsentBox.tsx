import { type ReactNode, useId, useState } from 'react';
import { errorMessage } from '../state/errors.js';
import { useSettings } from '../state/settings.js';
import { FormError } from './FormError.js';

interface MemoryConsentBoxProps {
  /** What the choice means, where it is shown (Settings, the chat's memory panel). */
  hint: ReactNode;
  /** Off while the owner cannot be reached. */
  disabled?: boolean;
  /** Put before the owner's reason when the change fails. */
  errorPrefix?: string;
}

/** The consent to keep facts from chats as memories: one setting, shown in Settings and beside the chat. */
export function MemoryConsentBox({ hint, disabled = false, errorPrefix = '' }: MemoryConsentBoxProps) {
  const consent = useSettings((s) => s.settings?.chatMemoryConsent);
  const [error, setError] = useState<string | null>(null);
  const hintId = useId();
  // The box shows the choice at once, before the owner confirms it.
  const [pending, setPending] = useState<boolean | null>(null);

  const change = async (value: boolean) => {
    setError(null);
    setPending(value);
    try {
      await useSettings.getState().update({ chatMemoryConsent: value });
    } catch (err) {
      setError(`${errorPrefix}${errorMessage(err)}`);
    } finally {
      setPending(null);
    }
  };

  return (
    <>
      <label className="checkbox-row">
        <input
          type="checkbox"
          checked={pending ?? consent ?? false}
          disabled={consent === undefined || disabled}
          aria-describedby={hintId}
          onChange={(e) => void change(e.target.checked)}
        />
        Remember facts from my chats
      </label>
      <p id={hintId} className="field-hint">
        {hint}
      </p>
      <FormError error={error} />
    </>
  );
}
