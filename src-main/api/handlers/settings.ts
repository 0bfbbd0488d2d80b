import type { Contract } from '../../../src-shared/api/contract.js';
import type { SettingsRepo } from '../../store/index.js';
import type { EventBus } from '../event-bus.js';
import type { ServiceHandlers } from '../handlers.js';

export function settingsHandlers(repo: SettingsRepo, bus: EventBus): ServiceHandlers<Contract['settings']> {
  return {
    get: () => repo.get(),
    update: (patch) => {
      const next = repo.update(patch);
      bus.emit('settings.changed', next);
      return next;
    },
  };
}
