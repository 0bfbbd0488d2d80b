import type { Contract } from '../../../src-shared/api/contract.js';
import { SahelError } from '../../../src-shared/errors.js';
import type { Tasks } from '../../tasks/index.js';
import type { ServiceHandlers } from '../handlers.js';

export function tasksHandlers(tasks: Tasks): ServiceHandlers<Contract['tasks']> {
  return {
    list: () => ({ tasks: tasks.list() }),
    add: (a) => tasks.add(a),
    show: ({ id }) => tasks.show(id),
    run: ({ id }) => tasks.runNow(id),
    pause: ({ id }) => tasks.pause(id),
    resume: ({ id }) => tasks.resume(id),
    rm: ({ id }) => {
      tasks.remove(id);
      return {};
    },
    logs: ({ id, run }) => {
      const runs = tasks.runs(id);
      const chosen = run === undefined ? (runs[0] ?? null) : (runs.find((r) => r.id === run) ?? null);
      if (run !== undefined && !chosen) {
        throw new SahelError(
          'NOT_FOUND',
          `Task ${id} has no run ${run.slice(0, 64)}: see sahel tasks show ${id}`,
        );
      }
      return { run: chosen, steps: chosen ? tasks.logs(chosen.id) : [] };
    },
  };
}
