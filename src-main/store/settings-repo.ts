import { SETTINGS_DEFAULTS, Settings } from '../../src-shared/domain/settings.js';
import type { Db } from './database.js';

/** Settings as rows of (key, JSON value); unknown or malformed rows fall back to defaults. */
export class SettingsRepo {
  constructor(private readonly db: Db) {}

  get(): Settings {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
    const raw: Record<string, unknown> = { ...SETTINGS_DEFAULTS };
    for (const row of rows) {
      if (Object.hasOwn(SETTINGS_DEFAULTS, row.key)) raw[row.key] = JSON.parse(row.value);
    }
    const parsed = Settings.safeParse(raw);
    if (parsed.success) return parsed.data;
    const fixed: Record<string, unknown> = { ...raw };
    for (const issue of parsed.error.issues) {
      const key = issue.path[0];
      if (typeof key === 'string' && Object.hasOwn(SETTINGS_DEFAULTS, key)) {
        fixed[key] = SETTINGS_DEFAULTS[key as keyof Settings];
      }
    }
    return Settings.parse(fixed);
  }

  update(patch: Partial<Settings>): Settings {
    const upsert = this.db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(patch)) {
        if (value !== undefined) upsert.run(key, JSON.stringify(value));
      }
    })();
    return this.get();
  }
}
