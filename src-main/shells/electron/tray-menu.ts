/**
 * The tray's menu as data, apart from Electron (whose binary the tests cannot run): what it offers
 * follows the owner's state, and each item calls one action.
 */

export interface TrayState {
  vaultUnlocked: boolean;
  /** Tasks that are active (not paused). */
  activeTasks: number;
  /** Tasks this tray paused and may resume (forgotten when Sahel quits: they stay paused). */
  pausedHere: number;
}

export interface TrayActions {
  open(): void;
  pauseAll(): void;
  resumePaused(): void;
  lock(): void;
  quit(): void;
}

export type TrayItem = { type: 'separator' } | { label: string; enabled: boolean; click: () => void };

function plural(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? '' : 's'}`;
}

export function trayItems(s: TrayState, a: TrayActions): TrayItem[] {
  const tasks: TrayItem[] =
    s.pausedHere > 0
      ? [
          {
            label: `Resume ${plural(s.pausedHere, 'task')} paused here`,
            enabled: true,
            click: a.resumePaused,
          },
        ]
      : [
          {
            label: s.activeTasks > 0 ? `Pause all tasks (${s.activeTasks} active)` : 'Pause all tasks',
            enabled: s.activeTasks > 0,
            click: a.pauseAll,
          },
        ];
  return [
    { label: 'Open Sahel', enabled: true, click: a.open },
    { type: 'separator' },
    ...tasks,
    {
      label: s.vaultUnlocked ? 'Lock the vault' : 'Vault locked',
      enabled: s.vaultUnlocked,
      click: a.lock,
    },
    { type: 'separator' },
    { label: 'Quit Sahel', enabled: true, click: a.quit },
  ];
}

/**
 * Whether closing the last window quits: never while quitting anyway; otherwise the user's setting
 * (out of the box the owner stays in the tray, so tasks go on).
 */
export function quitOnLastWindowClosed(settings: { closeToTray?: boolean }): boolean {
  return settings.closeToTray === false;
}
