// The tasks layer's face: what core.ts and the API use of it.

// The agent's tasks tools on the service (tasks_list, tasks_schedule: added paused).
export { tasksToolPort } from './agent-port.js';
// Runs that wait for the user to answer an approval their action was held for.
export type { ApprovalAnswer, ApprovalAnswers } from './approval-waits.js';
export type { RetryPolicy } from './backoff.js';
// Time as the scheduler reads it (tests hand in a fake clock).
export type { Clock, Timer } from './clock.js';
export { systemClock } from './clock.js';
// What core.ts builds.
export { openTasks, type TasksOptions } from './open-tasks.js';
// The runners of each kind and their ports (core.ts binds them to the agent, the bus and the chain).
export type { AgentPromptPorts, AgentTaskPort, AgentTaskRequest } from './runners/agent-prompt.js';
export { agentPromptRunner } from './runners/agent-prompt.js';
export type { BuyVerdict, MarketWatchPorts, WatchOffer } from './runners/market-watch.js';
export { marketWatchRunner } from './runners/market-watch.js';
export type { NotifyPorts, TaskNotification } from './runners/notify.js';
export { notifyRunner } from './runners/notify.js';
export type { Runners, TaskRunner } from './runners/runner.js';
// The scheduler, the book of task rows and the service the API calls.
export { Scheduler, type SchedulerOptions } from './scheduler.js';
export { type Task, TaskBook, type TaskRun } from './task-book.js';
export { type AddTask, Tasks } from './tasks.js';
// Triggers: the event source port and the parsing the CLI shares.
export type { ChainReads, WatchedListing } from './triggers/chain-watch.js';
export { ChainWatch } from './triggers/chain-watch.js';
export { checkZone, systemZone } from './triggers/cron.js';
export type { ChainEvent, ChainEventSource } from './triggers/events.js';
export { parseEvery } from './triggers/every.js';
