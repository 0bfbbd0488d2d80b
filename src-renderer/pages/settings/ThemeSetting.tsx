import type { Theme } from '../../../src-shared/domain/settings.js';
import { FormError } from '../../components/FormError.js';
import { useApp } from '../../state/app.js';
import { useSettings } from '../../state/settings.js';

const OPTIONS: { value: Theme; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** A miniature window in the option's colours; `system` shows light and dark side by side. */
function Preview({ theme }: { theme: Theme }) {
  if (theme === 'system') {
    return (
      <span className="theme-preview theme-preview-system" aria-hidden="true">
        <MiniWindow scheme="light" />
        <MiniWindow scheme="dark" />
      </span>
    );
  }
  return (
    <span className="theme-preview" aria-hidden="true">
      <MiniWindow scheme={theme} />
    </span>
  );
}

function MiniWindow({ scheme }: { scheme: 'light' | 'dark' }) {
  return (
    <span className={`mini-window mini-window-${scheme}`}>
      <span className="mini-window-side" />
      <span className="mini-window-main">
        <span className="mini-window-line" />
        <span className="mini-window-line mini-window-accent" />
      </span>
    </span>
  );
}

export function ThemeSetting() {
  const saved = useSettings((s) => s.settings?.theme);
  const pending = useSettings((s) => s.pendingTheme);
  const error = useSettings((s) => s.error);
  const setTheme = useSettings((s) => s.setTheme);
  const open = useApp((s) => s.connection === 'open');
  const current = pending ?? saved;

  return (
    <section className="settings-section" aria-labelledby="appearance-title">
      <h2 id="appearance-title" className="section-title">
        Appearance
      </h2>
      <fieldset className="theme-options" disabled={!saved || !open} aria-describedby="theme-hint">
        <legend className="field-label">Theme</legend>
        {OPTIONS.map((o) => (
          <label key={o.value} className="theme-option">
            <Preview theme={o.value} />
            <span className="theme-option-row">
              <input
                type="radio"
                name="theme"
                value={o.value}
                checked={current === o.value}
                onChange={() => void setTheme(o.value)}
              />
              {o.label}
            </span>
          </label>
        ))}
      </fieldset>
      <p id="theme-hint" className="field-hint">
        System follows your operating system’s light or dark appearance.
      </p>
      <FormError error={error} />
    </section>
  );
}
