import type { Page } from 'playwright-core';

/**
 * An init script that records each notification the page would show, in `window.__notifications`;
 * the permission and its request stay the browser's. Only the display is replaced.
 */
export const NOTIFICATION_SPY = `(() => {
  const Real = window.Notification;
  const shown = [];
  window.__notifications = shown;
  function Spy(title, options) { shown.push({ title, body: options && options.body }); }
  Object.defineProperty(Spy, 'permission', { get: () => Real.permission });
  Spy.requestPermission = (...args) => Real.requestPermission(...args);
  window.Notification = Spy;
})();`;

export type ShownNotification = { title: string; body: string };

/** What the spy recorded on this page, in order. */
export const shownNotifications = (page: Page): Promise<ShownNotification[]> =>
  page.evaluate(() => (window as unknown as { __notifications: ShownNotification[] }).__notifications);
