import { join } from 'node:path';
import { Menu, nativeImage, Tray } from 'electron';
import type { TrayItem } from './tray-menu.js';

/**
 * The tray icon keeps the owner (and its background tasks) reachable after the window closes. Its
 * menu is rebuilt from `items()` whenever `refresh` is called (the owner's state changed).
 */
export function createTray(
  resourcesDir: string,
  items: () => TrayItem[],
  open: () => void,
): { refresh(): void } {
  const icon = nativeImage.createFromPath(join(resourcesDir, 'icons', 'tray.png'));
  const tray = new Tray(icon);
  tray.setToolTip('Sahel — your agent keeps running');
  const refresh = () => tray.setContextMenu(Menu.buildFromTemplate(items()));
  refresh();
  tray.on('click', open);
  return { refresh };
}
