import { describe, expect, it } from 'vitest';
import type { ContractHandlers } from '../../../src-main/api/handlers.js';
import { Router } from '../../../src-main/api/router.js';
import { SahelError } from '../../../src-shared/errors.js';
import { silentLogger } from '../../support/logger.js';

const status = {
  version: '0.0.0',
  owner: { pid: 1, kind: 'serve' as const, dataDir: '/d', startedAt: 'now' },
  vault: { state: 'unavailable' as const },
  network: null,
  model: null,
  tasks: { running: 0 },
};

function router(overrides: Partial<Record<string, unknown>> = {}): Router {
  const handlers = {
    app: {
      status: () => status,
      info: () =>
        overrides.info ?? {
          name: 'Sahel',
          version: '1',
          platform: 'p',
          node: '20',
          dataDir: '/d',
          logFile: '/l',
        },
    },
    settings: {
      get: () => ({ theme: 'system' }),
      update: (patch: { theme?: string }) => {
        if (overrides.throwPlain) throw new Error('disk on fire /secret/path');
        if (overrides.throwTyped) throw new SahelError('CONFLICT', 'busy');
        return { theme: patch.theme ?? 'system' };
      },
    },
  } as unknown as ContractHandlers;
  return new Router(handlers, silentLogger());
}

describe('Router', () => {
  const ctx = { transport: 'local' as const };

  it('runs a valid call and returns the validated result', async () => {
    expect(await router().dispatch('app.status', {}, ctx)).toEqual({ ok: true, value: status });
  });

  it('refuses unknown procedures, including prototype keys', async () => {
    for (const name of [
      'app.nope',
      'nope.status',
      'app.constructor',
      '__proto__.toString',
      'app',
      '.status',
      '',
    ]) {
      const res = await router().dispatch(name, {}, ctx);
      expect(res, name).toMatchObject({ ok: false, error: { code: 'UNKNOWN_PROCEDURE' } });
    }
  });

  it('refuses a method that is not a string', async () => {
    expect(await router().dispatch(42, {}, ctx)).toMatchObject({ ok: false, error: { code: 'BAD_MESSAGE' } });
  });

  it('refuses input of the wrong shape with BAD_INPUT naming the field', async () => {
    const res = await router().dispatch('settings.update', { theme: 'purple' }, ctx);
    expect(res).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(!res.ok && res.error.message).toContain('theme');
    const extra = await router().dispatch('app.status', { surprise: 1 }, ctx);
    expect(extra).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const notObject = await router().dispatch('app.status', 'hello', ctx);
    expect(notObject).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('passes typed errors through and hides the details of unexpected ones', async () => {
    const typed = await router({ throwTyped: true }).dispatch('settings.update', { theme: 'dark' }, ctx);
    expect(typed).toEqual({ ok: false, error: { code: 'CONFLICT', message: 'busy' } });
    const plain = await router({ throwPlain: true }).dispatch('settings.update', { theme: 'dark' }, ctx);
    expect(plain).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(plain)).not.toContain('/secret/path');
  });

  it('refuses a handler result outside the contract', async () => {
    const res = await router({ info: { name: 'Other' } }).dispatch('app.info', {}, ctx);
    expect(res).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});
