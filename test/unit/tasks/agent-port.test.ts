import { describe, expect, it } from 'vitest';
import { tasksToolPort } from '../../../src-main/tasks/agent-port.js';
import { RecordingGate, toolboxWith } from '../../support/agent.js';
import { tempDir } from '../../support/tmp.js';
import { addTask, openRig, T0 } from './fixture.js';

const CTX = { conversationId: null, taskId: null, claim: '' };

describe('the agent’s tasks tools on the tasks service', () => {
  it('tasks_schedule proposes; done, the task is added paused with no tools and no budget', async () => {
    const rig = await openRig(tempDir(), { runners: {} });
    rig.scheduler.start();
    const tools = toolboxWith({ tasks: tasksToolPort(rig.tasks, () => rig.clock.now(), 'Europe/Berlin') });
    const p = await tools.propose('tasks_schedule', { task: 'Summarise my notes', when: '0 8 * * *' }, CTX);
    expect(p).toMatchObject({ moves: [], sharesData: false });
    expect(p.summary).toBe(
      'Schedule, paused for you to review: "Summarise my notes" (cron 0 8 * * * (Europe/Berlin))',
    );
    // Proposing added nothing.
    expect(rig.tasks.list()).toEqual([]);
    // The gate runs it (no value moves, within the limits): the task is there, paused.
    const gate = new RecordingGate(() => 'allow');
    const outcome = await gate.act(p, CTX);
    const [task] = rig.tasks.list();
    expect(task).toMatchObject({
      kind: 'agent-prompt',
      state: 'paused',
      trigger: { type: 'cron', expr: '0 8 * * *', tz: 'Europe/Berlin' },
      scope: { tools: [], budget: null, expires: null },
    });
    expect(outcome.result).toBe(
      `Task ${task?.id} was added paused, with no tools and no budget: the user reviews it and resumes it (sahel tasks resume ${task?.id}).`,
    );
    expect(rig.tasks.show(task!.id).settings).toEqual({ kind: 'agent-prompt', prompt: 'Summarise my notes' });
    // Paused: its slot comes and nothing runs.
    await rig.clock.advance(2 * 86_400_000);
    expect(rig.book.runs(task!.id)).toEqual([]);
    rig.close();
  });

  it('reads every 15m and ISO times, and refuses what it cannot schedule with how to say it', async () => {
    const rig = await openRig(tempDir(), { runners: {} });
    const tools = toolboxWith({ tasks: tasksToolPort(rig.tasks, () => rig.clock.now(), 'UTC') });
    const summary = async (when: string) =>
      (await tools.propose('tasks_schedule', { task: 't', when }, CTX)).summary;
    expect(await summary('every 15m')).toMatch(/\(every 15m\)$/);
    expect(await summary('2026-06-02T08:00Z')).toMatch(/\(once at 2026-06-02T08:00:00.000Z\)$/);
    for (const bad of ['tomorrow', 'every 5s', '2020-01-01T00:00Z', '99 * * * *']) {
      await expect(tools.propose('tasks_schedule', { task: 't', when: bad }, CTX), bad).rejects.toMatchObject(
        {
          code: 'BAD_INPUT',
        },
      );
    }
    await expect(tools.propose('tasks_schedule', { task: 't', when: 'tomorrow' }, CTX)).rejects.toThrow(
      /Say when as 'every 15m'/,
    );
    rig.close();
  });

  it('tasks_list shows each task, its name as untrusted text on one line', async () => {
    const rig = await openRig(tempDir(), { runners: {} });
    const tools = toolboxWith({ tasks: tasksToolPort(rig.tasks, () => rig.clock.now(), 'UTC') });
    expect(await tools.run('tasks_list', {})).toBe('There are no scheduled tasks.');
    const t = addTask(rig, { type: 'every', ms: 3_600_000 });
    expect(await tools.run('tasks_list', {})).toBe(
      `- ${t.id}: a task (notify, active, next ${new Date(T0 + 3_600_000).toISOString()})`,
    );
    rig.close();
  });
});
