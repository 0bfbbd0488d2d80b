import { create } from 'zustand';
import type { RunStep, TaskInfo, TaskRunInfo, TaskSettings } from '../../src-shared/domain/tasks.js';
import { SahelError } from '../../src-shared/errors.js';
import { client, on } from '../bridge.js';
import { useApp } from './app.js';
import { errorMessage } from './errors.js';
import { useVault } from './vault.js';

export type AddTaskInput = Parameters<typeof client.tasks.add>[0];

/** The tasks' calls, for the Tasks page. */
export const tasksApi = {
  add: (input: AddTaskInput): Promise<TaskInfo> => client.tasks.add(input),
  run: (id: string): Promise<TaskRunInfo> => client.tasks.run({ id }),
  pause: (id: string): Promise<TaskInfo> => client.tasks.pause({ id }),
  resume: (id: string): Promise<TaskInfo> => client.tasks.resume({ id }),
  rm: async (id: string): Promise<void> => {
    await client.tasks.rm({ id });
  },
  logs: (id: string, run: string): Promise<{ run: TaskRunInfo | null; steps: RunStep[] }> =>
    client.tasks.logs({ id, run }),
};

/** A task's sealed part (its settings) and its latest runs, read with the vault unlocked. */
export interface TaskDetail {
  settings: TaskSettings;
  runs: TaskRunInfo[];
}

/** One result for the inbox: a task's notification, or a run that ended. */
export interface InboxEntry {
  key: string;
  at: number;
  taskId: string;
  runId: string;
  title: string;
  body: string;
  tone: 'info' | 'danger';
}

const INBOX_MAX = 100;

interface TasksState {
  /** Every task as the owner last said; null until it first answers. */
  tasks: TaskInfo[] | null;
  details: Record<string, TaskDetail>;
  /** Why the list could not be read, in words. */
  error: string | null;
  /** The vault is locked: the runs and settings (sealed) cannot be read, and due runs wait for it. */
  locked: boolean;
  /** Results heard since the page opened, newest first (events are not kept by the owner). */
  inbox: InboxEntry[];
  load(): Promise<void>;
  /** Reads one task's settings and runs again (after an event or an action on it). */
  loadOne(id: string): Promise<void>;
  /** A task changed (paused, resumed): its row takes the answer. */
  replaced(task: TaskInfo): void;
  removed(id: string): void;
  received(entry: InboxEntry): void;
}

function isLocked(err: unknown): boolean {
  return SahelError.is(err) && err.code === 'LOCKED';
}

export const useTasks = create<TasksState>()((set, get) => ({
  tasks: null,
  details: {},
  error: null,
  locked: false,
  inbox: [],
  async load() {
    try {
      const { tasks } = await client.tasks.list({});
      set({ tasks, error: null });
      await Promise.all(tasks.map((t) => get().loadOne(t.id)));
    } catch (err) {
      set({ error: errorMessage(err) });
    }
  },
  async loadOne(id) {
    try {
      const { task, settings, runs } = await client.tasks.show({ id });
      set((s) => ({
        locked: false,
        tasks: s.tasks?.map((t) => (t.id === id ? task : t)) ?? s.tasks,
        details: { ...s.details, [id]: { settings, runs } },
      }));
    } catch (err) {
      if (isLocked(err)) set({ locked: true });
      else if (SahelError.is(err) && err.code === 'NOT_FOUND') get().removed(id);
      else console.warn('tasks.show failed:', errorMessage(err));
    }
  },
  replaced(task) {
    set((s) => ({ tasks: s.tasks?.map((t) => (t.id === task.id ? task : t)) ?? s.tasks }));
  },
  removed(id) {
    set((s) => {
      const { [id]: _gone, ...details } = s.details;
      return { tasks: s.tasks?.filter((t) => t.id !== id) ?? s.tasks, details };
    });
  },
  received(entry) {
    set((s) =>
      s.inbox.some((e) => e.key === entry.key) ? s : { inbox: [entry, ...s.inbox].slice(0, INBOX_MAX) },
    );
  },
}));

const ENDED = new Set(['succeeded', 'failed', 'cut-short', 'skipped', 'timed-out', 'rejected', 'expired']);
const BAD = new Set(['failed', 'cut-short', 'timed-out', 'expired']);

/**
 * Follows the owner's `tasks.run` and `tasks.notification` events: the list and the run history stay
 * current without polling, the status bar's running count with them (the owner sends no status event
 * for a run), and each result lands in the inbox and, when the user allowed it, as a notification.
 */
export function startTasksSync(notify: (title: string, body: string, tag: string) => void): void {
  const nameOf = (id: string) => useTasks.getState().tasks?.find((t) => t.id === id)?.name ?? id;
  const kindOf = (id: string) => useTasks.getState().tasks?.find((t) => t.id === id)?.kind;
  on('tasks.run', (r) => {
    void useApp.getState().loadStatus();
    const store = useTasks.getState();
    if (store.tasks !== null && !store.tasks.some((t) => t.id === r.taskId)) void store.load();
    else void store.loadOne(r.taskId);
    if (!ENDED.has(r.status)) return;
    const tone = BAD.has(r.status) ? 'danger' : 'info';
    const title = `Task “${nameOf(r.taskId)}”: ${r.status.replace('-', ' ')}`;
    const body =
      r.attempt > 1
        ? `Attempt ${r.attempt}; its log is under the task's runs.`
        : "Its log is under the task's runs.";
    useTasks.getState().received({
      key: `run:${r.runId}:${r.attempt}:${r.status}`,
      at: Date.now(),
      tone,
      title,
      body,
      taskId: r.taskId,
      runId: r.runId,
    });
    // A notify task's run says its result through its own notification; the rest say theirs here.
    if (tone === 'danger' || (r.status === 'succeeded' && kindOf(r.taskId) !== 'notify'))
      notify(title, body, `sahel-task-${r.runId}`);
  });
  on('tasks.notification', (n) => {
    useTasks.getState().received({
      key: `note:${n.runId}:${n.title}`,
      at: Date.now(),
      tone: 'info',
      taskId: n.taskId,
      runId: n.runId,
      title: n.title,
      body: n.body,
    });
    notify(n.title, n.body, `sahel-task-${n.runId}`);
  });
  // Unlocking lets the sealed parts be read (and the waiting runs start).
  useVault.subscribe((s, prev) => {
    const now = s.state?.state;
    if (now !== prev.state?.state && now === 'unlocked' && useTasks.getState().tasks !== null)
      void useTasks.getState().load();
    // What was unsealed goes with the lock, as the vault's own list does.
    if (now === 'locked') useTasks.setState({ locked: true, details: {} });
  });
}
