import { SahelError } from '../../../src-shared/errors.js';
import type { TaskRunner } from './runner.js';

/**
 * `market-watch` is a typed kind whose runs are not built yet: each run fails at once with that
 * sentence (not retried), so a task of it is visible and honest rather than silently idle.
 */
export const marketWatchRunner: TaskRunner = {
  kind: 'market-watch',
  retryCutShort: false,
  run() {
    return Promise.reject(
      new SahelError('NOT_IMPLEMENTED', 'Market-watch tasks are not built yet: their runs do nothing'),
    );
  },
};
