/** Whether to show ⌘ rather than Ctrl in shortcut hints. */
export const isMac = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

/** The hint for Ctrl/Cmd + key, as shown in the UI. */
export function shortcutLabel(key: string): string {
  return isMac ? `⌘${key}` : `Ctrl+${key}`;
}
