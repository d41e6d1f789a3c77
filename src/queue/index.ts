// The queue's public face for the engine and the admin API.

export type { AbandonKind } from './lost-call-rule.ts';
export { classifyAbandon, DEFAULT_LOST_CALL_THRESHOLD_SEC, waitedAcrossRestart } from './lost-call-rule.ts';
export type { AdminCommand, OperatorLive, OperatorStatus, OperatorStatusKind } from './operator-state.ts';
export { isLive } from './operator-state.ts';
export type { CallerRecord, EntryOutcome, QueueCommand } from './queue-commands.ts';
export type { OperatorConfig, QueueConfig, QueuesFile, UrgentConfig } from './queue-config.ts';
export {
  OperatorConfigSchema,
  QueueConfigSchema,
  QueueId,
  QueuesFileSchema,
  UrgentConfigSchema,
} from './queue-config.ts';
export type { QueueError, QueueErrorKind } from './queue-draft.ts';
export type { LegFailure, QueueEvent } from './queue-events.ts';
export type { StepResult } from './queue-machine.ts';
export { step } from './queue-machine.ts';
export type { CallbackView, OperatorView, QueueSnapshot, WaitingView } from './queue-snapshot.ts';
export { snapshot } from './queue-snapshot.ts';
export type { CreateQueueStateOptions, QueueState, RestoredOperator } from './queue-state.ts';
export { createQueueState } from './queue-state.ts';
export type { LiveInterval, WeekBounds, WeeklyStatus } from './weekly-service-time.ts';
export { liveMsInWeek, splitByWeek, weekContaining, weeklyStatus } from './weekly-service-time.ts';
