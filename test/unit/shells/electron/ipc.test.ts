import type { IpcMain } from 'electron';
import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../../src-main/api/event-bus.js';
import type { ContractHandlers } from '../../../../src-main/api/handlers.js';
import { Router } from '../../../../src-main/api/router.js';
import { attachIpc } from '../../../../src-main/api/transports/ipc.js';
import { isAppUrl } from '../../../../src-main/shells/electron/app-protocol.js';
import { IPC_CHANNELS } from '../../../../src-shared/api/ipc-channels.js';
import { silentLogger } from '../../../support/logger.js';

// Electron's binary cannot run here, so ipcMain is replaced by the thinnest stand-in: it records the
// handlers Sahel registers, and the test calls them the way Electron would.
function fakeIpcMain() {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  const listeners = new Map<string, (event: unknown, ...args: unknown[]) => void>();
  const ipc = {
    handle: (ch: string, fn: (event: unknown, ...args: unknown[]) => unknown) => handlers.set(ch, fn),
    on: (ch: string, fn: (event: unknown, ...args: unknown[]) => void) => listeners.set(ch, fn),
    removeHandler: (ch: string) => handlers.delete(ch),
    removeAllListeners: (ch: string) => listeners.delete(ch),
  };
  return { ipc: ipc as unknown as IpcMain, handlers, listeners };
}

function fakeSender(url: string) {
  const sent: unknown[][] = [];
  return {
    sent,
    event: {
      senderFrame: { url },
      sender: {
        id: 1,
        send: (...args: unknown[]) => sent.push(args),
        isDestroyed: () => false,
        once: () => {},
      },
    },
  };
}

function setup() {
  const bus = new EventBus();
  const handlers = {
    app: { status: () => ({}), info: () => ({}) },
    settings: {
      get: () => ({ theme: 'system', vaultAutoLockMinutes: 15 }),
      update: (p: { theme: 'dark' }) => {
        bus.emit('settings.changed', { theme: p.theme, vaultAutoLockMinutes: 15 });
        return { theme: p.theme, vaultAutoLockMinutes: 15 };
      },
    },
  } as unknown as ContractHandlers;
  const fake = fakeIpcMain();
  attachIpc(fake.ipc, isAppUrl, new Router(handlers, silentLogger()), bus, silentLogger());
  return fake;
}

describe('IPC transport', () => {
  it('dispatches calls from the app origin and refuses other frames', async () => {
    const { handlers } = setup();
    const call = handlers.get(IPC_CHANNELS.call)!;
    const app = fakeSender('app://sahel/index.html');
    expect(await call(app.event, 'settings.get', {})).toEqual({
      ok: true,
      value: { theme: 'system', vaultAutoLockMinutes: 15 },
    });
    for (const url of ['https://evil.example/', 'file:///tmp/x.html', 'app://other/index.html', '']) {
      const res = await call(fakeSender(url).event, 'settings.get', {});
      expect(res, url).toMatchObject({ ok: false, error: { code: 'BAD_MESSAGE' } });
    }
  });

  it('returns typed errors for bad input and oversized payloads', async () => {
    const { handlers } = setup();
    const call = handlers.get(IPC_CHANNELS.call)!;
    const { event } = fakeSender('app://sahel/index.html');
    expect(await call(event, 'settings.update', { theme: 7 })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT' },
    });
    expect(await call(event, 'shell.exec', {})).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_PROCEDURE' },
    });
    expect(await call(event, 'settings.update', { theme: 'x'.repeat(2 * 1024 * 1024) })).toMatchObject({
      ok: false,
      error: { code: 'PAYLOAD_TOO_LARGE' },
    });
  });

  it('forwards subscribed events to the trusted sender only', async () => {
    const { handlers, listeners } = setup();
    const app = fakeSender('app://sahel/index.html');
    const evil = fakeSender('https://evil.example/');
    listeners.get(IPC_CHANNELS.subscribe)!(app.event, 'settings.changed');
    listeners.get(IPC_CHANNELS.subscribe)!(evil.event, 'settings.changed');
    listeners.get(IPC_CHANNELS.subscribe)!(app.event, 'not.an.event');
    await handlers.get(IPC_CHANNELS.call)!(app.event, 'settings.update', { theme: 'dark' });
    expect(app.sent).toEqual([
      [IPC_CHANNELS.event, 'settings.changed', { theme: 'dark', vaultAutoLockMinutes: 15 }],
    ]);
    expect(evil.sent).toEqual([]);
  });
});
