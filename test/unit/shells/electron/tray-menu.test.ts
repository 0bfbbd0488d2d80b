import { describe, expect, it } from 'vitest';
import {
  quitOnLastWindowClosed,
  type TrayActions,
  type TrayItem,
  trayItems,
} from '../../../../src-main/shells/electron/tray-menu.js';

function actions(calls: string[]): TrayActions {
  return {
    open: () => calls.push('open'),
    pauseAll: () => calls.push('pauseAll'),
    resumePaused: () => calls.push('resumePaused'),
    lock: () => calls.push('lock'),
    quit: () => calls.push('quit'),
  };
}

const labels = (items: TrayItem[]) =>
  items.map((i) => ('label' in i ? `${i.label}${i.enabled ? '' : ' (off)'}` : '—'));

function click(items: TrayItem[], label: RegExp): void {
  const item = items.find((i) => 'label' in i && label.test(i.label));
  if (!item || !('click' in item)) throw new Error(`no item ${label}`);
  item.click();
}

describe('the tray menu', () => {
  it('offers open, pause all tasks, lock the vault and quit, each calling its action', () => {
    const calls: string[] = [];
    const items = trayItems({ vaultUnlocked: true, activeTasks: 3, pausedHere: 0 }, actions(calls));
    expect(labels(items)).toEqual([
      'Open Sahel',
      '—',
      'Pause all tasks (3 active)',
      'Lock the vault',
      '—',
      'Quit Sahel',
    ]);
    for (const l of [/^Open/, /^Pause all/, /^Lock/, /^Quit/]) click(items, l);
    expect(calls).toEqual(['open', 'pauseAll', 'lock', 'quit']);
  });

  it('greys out what cannot be done, and offers to resume what it paused', () => {
    const calls: string[] = [];
    const idle = trayItems({ vaultUnlocked: false, activeTasks: 0, pausedHere: 0 }, actions(calls));
    expect(labels(idle)).toContain('Pause all tasks (off)');
    expect(labels(idle)).toContain('Vault locked (off)');
    const paused = trayItems({ vaultUnlocked: true, activeTasks: 0, pausedHere: 1 }, actions(calls));
    expect(labels(paused)).toContain('Resume 1 task paused here');
    click(paused, /^Resume/);
    expect(calls).toEqual(['resumePaused']);
  });

  it('keeps Sahel in the tray when the window closes unless the setting says to quit', () => {
    expect(quitOnLastWindowClosed({})).toBe(false);
    expect(quitOnLastWindowClosed({ closeToTray: true })).toBe(false);
    expect(quitOnLastWindowClosed({ closeToTray: false })).toBe(true);
  });
});
