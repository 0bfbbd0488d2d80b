import { useState } from 'react';
import { FormError } from '../../components/FormError.js';
import { SelectField } from '../../components/SelectField.js';
import { useApp } from '../../state/app.js';
import { errorMessage } from '../../state/errors.js';
import { useSettings } from '../../state/settings.js';

const ERROR_PREFIX = 'Could not change the background tasks setting: ';
const CONCURRENCY = [1, 2, 3, 4, 6, 8].map((n) => ({ value: n, label: n === 1 ? '1 run' : `${n} runs` }));

/** Background tasks: how many runs at once, and whether closing the window keeps Sahel in the tray. */
export function TasksSetting() {
  const closeToTray = useSettings((s) => s.settings?.closeToTray);
  const maxRuns = useSettings((s) => s.settings?.tasksMaxConcurrent);
  const loaded = useSettings((s) => s.settings !== null);
  const open = useApp((s) => s.connection === 'open');
  const headless = useApp((s) => s.status?.owner.kind === 'serve');
  const [error, setError] = useState<string | null>(null);

  const update = async (patch: { closeToTray: boolean } | { tasksMaxConcurrent: number }) => {
    setError(null);
    try {
      await useSettings.getState().update(patch);
    } catch (err) {
      setError(`${ERROR_PREFIX}${errorMessage(err)}`);
    }
  };
  return (
    <section className="settings-section" aria-labelledby="tasks-settings-title">
      <h2 id="tasks-settings-title" className="section-title">
        Background tasks
      </h2>
      <SelectField
        label="Runs at once"
        value={maxRuns ?? 2}
        options={CONCURRENCY}
        disabled={!loaded || !open}
        onChange={(v) => void update({ tasksMaxConcurrent: Number(v) })}
        hint="How many task runs may be in progress together; the others wait their turn."
      />
      <label className="checkbox-row">
        <input
          type="checkbox"
          checked={closeToTray !== false}
          disabled={!loaded || !open}
          aria-describedby="close-to-tray-hint"
          onChange={(e) => void update({ closeToTray: e.target.checked })}
        />
        Keep Sahel running in the tray when its window closes
      </label>
      <p id="close-to-tray-hint" className="field-hint">
        {headless
          ? 'For the desktop app. This Sahel runs headless (sahel serve): it has no window or tray, and runs tasks until it is stopped.'
          : 'Your tasks go on while the window is closed; the tray icon opens Sahel, pauses all tasks, locks the vault or quits. Off: closing the window quits Sahel and tasks stop until it starts again.'}
      </p>
      <FormError error={error} />
    </section>
  );
}
