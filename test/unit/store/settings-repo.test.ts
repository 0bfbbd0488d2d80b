import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/store/database.js';
import { SettingsRepo } from '../../../src-main/store/settings-repo.js';
import { SETTINGS_DEFAULTS } from '../../../src-shared/domain/settings.js';

describe('SettingsRepo', () => {
  it('returns defaults, persists updates, and repairs malformed rows', () => {
    const db = openDatabase(':memory:');
    const repo = new SettingsRepo(db);
    expect(repo.get()).toEqual(SETTINGS_DEFAULTS);
    expect(repo.update({ theme: 'dark' })).toEqual({ ...SETTINGS_DEFAULTS, theme: 'dark' });
    expect(new SettingsRepo(db).get()).toMatchObject({ theme: 'dark' });
    db.prepare("UPDATE settings SET value = '\"chartreuse\"' WHERE key = 'theme'").run();
    db.prepare("INSERT INTO settings (key, value) VALUES ('unknown', '1')").run();
    expect(repo.get()).toEqual(SETTINGS_DEFAULTS);
    expect(SETTINGS_DEFAULTS).toMatchObject({
      theme: 'system',
      vaultAutoLockMinutes: 15,
      chatMemoryConsent: false,
    });
    db.close();
  });
});
