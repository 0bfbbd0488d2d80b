import { createLogger, type Logger } from '../../src-main/platform/log.js';

/** A logger that writes nowhere, for code under test that needs one. */
export function silentLogger(): Logger {
  return createLogger({ level: 'error' });
}
