import type { Contract } from '../../../src-shared/api/contract.js';
import type { AppInfo } from '../../../src-shared/api/services/app.js';
import type { AppStatus } from '../../../src-shared/domain/status.js';
import type { ServiceHandlers } from '../handlers.js';

export interface AppDeps {
  status(): AppStatus;
  info(): AppInfo;
}

export function appHandlers(deps: AppDeps): ServiceHandlers<Contract['app']> {
  return {
    status: () => deps.status(),
    info: () => deps.info(),
  };
}
