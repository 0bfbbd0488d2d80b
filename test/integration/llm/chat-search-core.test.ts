// Chat search as core.ts wires it: through the router, with the vault's lock and unlock events
// dropping the index and bringing it back from the sealed snapshot in the data dir.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../../src-main/core.js';
import { silentLogger } from '../../support/logger.js';
import { tempDir } from '../../support/tmp.js';
import { FAST_KDF } from '../../support/vault.js';

const PASS = 'search core passphrase 27 pelicans';

describe('chat search in the core', () => {
  it('keeps a sealed snapshot in the data dir and answers from it after unlock', async () => {
    const dataDir = tempDir();
    const canary = `canary${randomBytes(6).toString('hex')}`;
    const script = join(tempDir(), 'script.json');
    writeFileSync(script, JSON.stringify({ turns: [{ reply: `about ${canary} indeed` }] }));
    const core = createCore({
      dataDir,
      ownerKind: 'cli',
      log: silentLogger(),
      kdfPolicy: FAST_KDF,
      chatProvider: `scripted:${script}`,
    });
    const call = async (method: string, input: unknown = {}) => {
      const res = await core.router.dispatch(method, input, { transport: 'local' });
      if (!res.ok) throw Object.assign(new Error(res.error.message), { code: res.error.code });
      return res.value as Record<string, unknown>;
    };
    try {
      await call('vault.create', { passphrase: PASS });
      await call('chat.send', { conversationId: null, text: `tell me of ${canary}` });
      expect(((await call('chat.search', { query: canary })).hits as unknown[]).length).toBe(3);
      await call('vault.lock');
      await expect(call('chat.search', { query: canary })).rejects.toMatchObject({ code: 'LOCKED' });
      const snap = readFileSync(join(dataDir, 'chat-search.snap'));
      expect(snap.includes(Buffer.from(canary))).toBe(false);
      await call('vault.unlock', { passphrase: PASS });
      expect(((await call('chat.search', { query: canary })).hits as unknown[]).length).toBe(3);
      expect((await call('chat.readiness')).search).toEqual({ state: 'ready', pending: 0 });
    } finally {
      core.close();
    }
  }, 60_000);
});
