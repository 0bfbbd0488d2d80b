import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../src-main/api/event-bus.js';
import type { ContractHandlers } from '../../../src-main/api/handlers.js';
import { Router } from '../../../src-main/api/router.js';
import { WireSession } from '../../../src-main/api/transports/wire-session.js';
import { createClient } from '../../../src-shared/api/client.js';
import { MAX_MESSAGE_BYTES } from '../../../src-shared/api/wire.js';
import { WireClient } from '../../../src-shared/api/wire-client.js';
import { silentLogger } from '../../support/logger.js';

function setup() {
  const bus = new EventBus();
  let theme: 'system' | 'light' | 'dark' = 'system';
  const handlers = {
    app: { status: () => ({}), info: () => ({}) },
    settings: {
      get: () => ({ theme, vaultAutoLockMinutes: 15 }),
      update: (p: { theme?: typeof theme }) => {
        theme = p.theme ?? theme;
        bus.emit('settings.changed', { theme, vaultAutoLockMinutes: 15 });
        return { theme, vaultAutoLockMinutes: 15 };
      },
    },
  } as unknown as ContractHandlers;
  const sent: unknown[] = [];
  const session = new WireSession(new Router(handlers, silentLogger()), bus, { transport: 'ws' }, (t) =>
    sent.push(JSON.parse(t)),
  );
  return { bus, session, sent };
}

describe('WireSession', () => {
  it('answers invalid JSON and protocol violations with typed errors', async () => {
    const { session, sent } = setup();
    await session.receive('{not json');
    await session.receive(JSON.stringify({ type: 'call', id: 7, method: 5 }));
    await session.receive(JSON.stringify({ type: 'dance' }));
    expect(sent).toEqual([
      { type: 'error', error: { code: 'BAD_MESSAGE', message: expect.any(String) } },
      { type: 'result', id: 7, ok: false, error: { code: 'BAD_MESSAGE', message: expect.any(String) } },
      { type: 'error', error: { code: 'BAD_MESSAGE', message: expect.any(String) } },
    ]);
  });

  it('answers an oversized call with PAYLOAD_TOO_LARGE for that call id', async () => {
    const { session, sent } = setup();
    const big = JSON.stringify({
      type: 'call',
      id: 3,
      method: 'settings.update',
      input: { theme: 'x'.repeat(MAX_MESSAGE_BYTES) },
    });
    await session.receive(big);
    expect(sent).toEqual([
      { type: 'result', id: 3, ok: false, error: expect.objectContaining({ code: 'PAYLOAD_TOO_LARGE' }) },
    ]);
  });

  it('delivers events only while subscribed, and refuses unknown events', async () => {
    const { session, sent } = setup();
    await session.receive(JSON.stringify({ type: 'subscribe', event: 'settings.changed' }));
    await session.receive(
      JSON.stringify({ type: 'call', id: 1, method: 'settings.update', input: { theme: 'dark' } }),
    );
    await session.receive(JSON.stringify({ type: 'unsubscribe', event: 'settings.changed' }));
    await session.receive(
      JSON.stringify({ type: 'call', id: 2, method: 'settings.update', input: { theme: 'light' } }),
    );
    await session.receive(JSON.stringify({ type: 'subscribe', event: 'no.such' }));
    const events = sent.filter((m) => (m as { type: string }).type === 'event');
    expect(events).toEqual([
      { type: 'event', event: 'settings.changed', payload: { theme: 'dark', vaultAutoLockMinutes: 15 } },
    ]);
    expect(sent.at(-1)).toMatchObject({ type: 'error', error: { code: 'BAD_INPUT' } });
  });

  it('serves the typed client end to end through WireClient', async () => {
    const fresh = setup();
    const client = new WireClient((text) => {
      void fresh.session.receive(text).then(() => {
        for (const m of fresh.sent.splice(0)) client.receive(JSON.stringify(m));
      });
    });
    const api = createClient(client);
    expect(await api.settings.update({ theme: 'light' })).toEqual({
      theme: 'light',
      vaultAutoLockMinutes: 15,
    });
    await expect(api.settings.update({ theme: 'mauve' as 'light' })).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
    await expect(api.settings.get({})).resolves.toMatchObject({ theme: 'light' });
  });
});
