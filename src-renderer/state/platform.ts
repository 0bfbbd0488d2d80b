import type { SahelBridge } from '../../src-shared/api/ipc-channels.js';

/**
 * What the window runs in. In the desktop app the preload's bridge is there, and a file chosen in
 * a file input has a path on this machine, which is the owner's machine. In a browser (`sahel
 * serve`) the page may run on another machine: a file it picks is not a path the owner can read.
 */
const bridge: SahelBridge | undefined = typeof window === 'undefined' ? undefined : window.sahel;

export const inDesktopApp = bridge !== undefined;

/** The path of a file chosen in a file input, in the desktop app; null in a browser, or if it has none. */
export function pathOfChosenFile(file: File): string | null {
  const path = bridge && typeof bridge.pathForFile === 'function' ? bridge.pathForFile(file) : '';
  return path || null;
}
