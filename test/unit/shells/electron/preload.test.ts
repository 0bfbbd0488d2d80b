import { beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS, type SahelBridge } from '../../../../src-shared/api/ipc-channels.js';

// The preload runs inside Electron; here only its two Electron imports are stood in for, to see what
// it exposes and what it lets through to ipcRenderer.
const exposed: Record<string, unknown> = {};
const invoked: unknown[][] = [];
const sent: unknown[][] = [];
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  webUtils: { getPathForFile: (f: { name: string }) => `/home/ana/${f.name}` },
  ipcRenderer: {
    invoke: (...args: unknown[]) => {
      invoked.push(args);
      return Promise.resolve({ ok: true, value: null });
    },
    send: (...args: unknown[]) => sent.push(args),
    on: () => {},
    off: () => {},
  },
}));

describe('preload', () => {
  let bridge: SahelBridge;
  beforeAll(async () => {
    await import('../../../../src-main/shells/electron/preload.js');
    bridge = exposed.sahel as SahelBridge;
  });

  it('exposes only window.sahel with call and subscribe', () => {
    expect(Object.keys(exposed)).toEqual(['sahel']);
    expect(Object.keys(bridge).sort()).toEqual(['call', 'pathForFile', 'subscribe']);
  });

  it('lets through only procedures of the contract', async () => {
    await bridge.call('app.status', {});
    expect(invoked).toEqual([[IPC_CHANNELS.call, 'app.status', {}]]);
    for (const name of ['app.nope', 'sahel:call', '__proto__', 'ELECTRON_BROWSER_REQUIRE']) {
      expect(await bridge.call(name, {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_PROCEDURE' } });
    }
    expect(invoked).toHaveLength(1);
  });

  it('gives paths only for real File objects', () => {
    expect(bridge.pathForFile(new File(['x'], 'a.txt'))).toBe('/home/ana/a.txt');
    expect(bridge.pathForFile({ name: '../../etc/passwd' })).toBe('');
  });

  it('subscribes once per event, only to events of the contract', () => {
    const off1 = bridge.subscribe('settings.changed', () => {});
    const off2 = bridge.subscribe('settings.changed', () => {});
    bridge.subscribe('made.up', () => {});
    expect(sent).toEqual([[IPC_CHANNELS.subscribe, 'settings.changed']]);
    off1();
    off1();
    expect(sent).toHaveLength(1);
    off2();
    expect(sent.at(-1)).toEqual([IPC_CHANNELS.unsubscribe, 'settings.changed']);
  });
});
