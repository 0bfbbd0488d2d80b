import { useEffect, useId, useState } from 'react';
import { FormError } from '../../components/FormError.js';
import { SelectField, type SelectOption } from '../../components/SelectField.js';
import { useApp } from '../../state/app.js';
import { errorMessage } from '../../state/errors.js';
import { useSettings } from '../../state/settings.js';
import { useVault } from '../../state/vault.js';

const AUTO_LOCK: SelectOption<number>[] = [
  { value: 5, label: 'After 5 minutes' },
  { value: 15, label: 'After 15 minutes' },
  { value: 30, label: 'After 30 minutes' },
  { value: 60, label: 'After 1 hour' },
  { value: 0, label: 'Never' },
];

/** Vault settings: when it locks by itself, and whether this device may unlock it. */
export function VaultSetting() {
  const minutes = useSettings((s) => s.settings?.vaultAutoLockMinutes);
  const vault = useVault((s) => s.state);
  const open = useApp((s) => s.connection === 'open');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const deviceHint = useId();

  useEffect(() => {
    if (!vault && open) void useVault.getState().loadState();
  }, [vault, open]);

  const setAutoLock = async (value: number) => {
    setError(null);
    try {
      await useSettings.getState().update({ vaultAutoLockMinutes: value });
    } catch (err) {
      setError(`Could not change the auto-lock time: ${errorMessage(err)}`);
    }
  };

  const setDevice = async (enabled: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await useVault.getState().setDeviceUnlock(enabled);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const device = vault?.deviceUnlock ?? 'unavailable';
  const deviceNote =
    device === 'unavailable'
      ? (vault?.deviceUnlockNote ?? 'Not available here.')
      : vault?.state !== 'unlocked' && device === 'available'
        ? 'Unlock the vault to turn this on.'
        : 'The system keychain keeps a key that opens the vault on this computer, under your user account.';

  return (
    <section className="settings-section" aria-labelledby="vault-settings-title">
      <h2 id="vault-settings-title" className="section-title">
        Vault
      </h2>
      <SelectField
        label="Lock automatically"
        value={minutes ?? 15}
        options={AUTO_LOCK}
        disabled={minutes === undefined || !open}
        onChange={(v) => void setAutoLock(v)}
        hint={
          // Only the desktop app hears the machine sleep or the screen lock; a browser page cannot.
          window.sahel
            ? 'Counted from the last time the vault was used. Sleep and screen lock always lock it.'
            : 'Counted from the last time the vault was used.'
        }
      />
      <label className="checkbox-row">
        <input
          type="checkbox"
          checked={device === 'enabled'}
          disabled={
            busy ||
            !open ||
            device === 'unavailable' ||
            (device === 'available' && vault?.state !== 'unlocked')
          }
          aria-describedby={deviceHint}
          onChange={(e) => void setDevice(e.target.checked)}
        />
        Remember on this device
      </label>
      <p id={deviceHint} className="field-hint">
        {deviceNote}
      </p>
      <FormError error={error} />
    </section>
  );
}
