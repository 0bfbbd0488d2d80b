import { describe, expect, it } from 'vitest';
import { tempDir } from '../../support/tmp.js';
import { openTestVault } from '../../support/vault.js';

describe('sealed records for other services', () => {
  it('round-trips while unlocked, binds kind and id, and refuses while locked', async () => {
    const t = openTestVault(tempDir());
    await t.vault.create('records passphrase');
    const sealed = t.vault.sealRecord('chat-message', 'm1', Buffer.from('hello from the chat'));
    expect(sealed.includes(Buffer.from('hello'))).toBe(false);
    expect(t.vault.openRecord('chat-message', 'm1', sealed).toString()).toBe('hello from the chat');
    expect(() => t.vault.openRecord('chat-message', 'm2', sealed)).toThrow(
      expect.objectContaining({ code: 'CORRUPT' }),
    );
    expect(() => t.vault.openRecord('memory', 'm1', sealed)).toThrow(
      expect.objectContaining({ code: 'CORRUPT' }),
    );
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 1]! ^= 1;
    expect(() => t.vault.openRecord('chat-message', 'm1', flipped)).toThrow(
      expect.objectContaining({ code: 'CORRUPT' }),
    );
    t.vault.lock();
    expect(() => t.vault.openRecord('chat-message', 'm1', sealed)).toThrow(
      expect.objectContaining({ code: 'LOCKED' }),
    );
    expect(() => t.vault.sealRecord('chat-message', 'm1', Buffer.from('x'))).toThrow(
      expect.objectContaining({ code: 'LOCKED' }),
    );
    await t.vault.unlock('records passphrase');
    expect(t.vault.openRecord('chat-message', 'm1', sealed).toString()).toBe('hello from the chat');
    t.close();
  });
});
