// The queue's public face for the engine and the admin API.

export type { CallerChoice } from './caller-choice.ts';
export { choiceDisplay, collectedHeader, NO_CHOICE, operatorDisplay } from './caller-choice.ts';
export type { AbandonKind } from './lost-call-rule.ts';
export { classifyAbandon, DEFAULT_LOST_CALL_THRESHOLD_SEC, waitedAcrossRestart } from './lost-call-rule.ts';
export type { AdminCommand, OperatorLive, OperatorStatus, OperatorStatusKind } from './operator-state.ts';
export { isLive, WRAP_UP_DONE } from './operator-state.ts';
export type { CallerRecord, EntryOutcome, QueueCommand } from './queue-commands.ts';
export type { LadderRung, OperatorConfig, QueueConfig, QueuesFile, UrgentConfig } from './queue-config.ts';
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
export type { CreateQueueStateOptions, QueueState, RestoredOperator, WaitingCaller } from './queue-state.ts';
export { createQueueState } from './queue-state.ts';
export { offerCallbackInstead } from './routing.ts';
export type { LiveInterval, WeekBounds, WeeklyStatus } from './weekly-service-time.ts';
export { liveMsInWeek, splitByWeek, weekContaining, weeklyStatus } from './weekly-service-time.ts';
