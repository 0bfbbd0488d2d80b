import { join } from 'node:path';
import { Menu, nativeImage, Tray } from 'electron';

/** The tray icon keeps the owner (and its background tasks) reachable after the window closes. */
export function createTray(resourcesDir: string, actions: { open(): void; quit(): void }): Tray {
  const icon = nativeImage.createFromPath(join(resourcesDir, 'icons', 'tray.png'));
  const tray = new Tray(icon);
  tray.setToolTip('Sahel — your agent keeps running');
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Open Sahel', click: actions.open },
      { type: 'separator' },
      { label: 'Quit Sahel', click: actions.quit },
    ]),
  );
  tray.on('click', actions.open);
  return tray;
}
