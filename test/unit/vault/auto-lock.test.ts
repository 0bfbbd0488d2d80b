import { afterEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../support/tmp.js';
import { openTestVault } from '../../support/vault.js';

describe('vault auto-lock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('locks after the idle time, counting from the last vault use; 0 turns it off', async () => {
    const t = openTestVault(tempDir());
    await t.vault.create('auto lock passphrase');
    vi.useFakeTimers();
    t.vault.setAutoLock(2);
    vi.advanceTimersByTime(90_000);
    t.vault.items.list(null);
    vi.advanceTimersByTime(90_000);
    expect(t.vault.state().state).toBe('unlocked');
    vi.advanceTimersByTime(31_000);
    expect(t.vault.state().state).toBe('locked');
    vi.useRealTimers();

    await t.vault.unlock('auto lock passphrase');
    vi.useFakeTimers();
    t.vault.setAutoLock(0);
    vi.advanceTimersByTime(24 * 3600_000);
    expect(t.vault.state().state).toBe('unlocked');
    t.close();
  });
});
