// What the queue tells those who follow operators (the operator desk's screen pop): a call was
// bridged to an operator, a callback was granted to one, an operator's state changed. A listener
// list the queue runtime owns; the desk subscribes in src/main.ts (no setter closes a cycle).
import type { CallbackId, CallId, OperatorId, ServiceId } from '../domain/ids.ts';
import { OperatorId as toOperatorId } from '../domain/ids.ts';
import type { CallerChoice, OperatorStatusKind } from '../queue/index.ts';
import type { QueuedCaller } from './engine-services.ts';

export type OperatorEvent =
  | {
      type: 'call-connected';
      operatorId: OperatorId;
      callId: CallId;
      serviceId: ServiceId;
      callerNumber: string;
      language: string;
      urgent: boolean;
      choice: CallerChoice;
      at: number;
    }
  /** The operator's phone is rung for a callback: the context arrives before they answer. */
  | { type: 'callback-granted'; operatorId: OperatorId; callbackId: CallbackId; at: number }
  | {
      type: 'state-changed';
      operatorId: OperatorId;
      from: OperatorStatusKind;
      to: OperatorStatusKind;
      reason: string;
      at: number;
    };

export type OperatorListener = (event: OperatorEvent) => void;

export class OperatorEvents {
  private readonly listeners = new Set<OperatorListener>();

  constructor(private readonly onError: (err: unknown, event: OperatorEvent) => void) {}

  /** Subscribes; returns the unsubscribe. */
  on(listener: OperatorListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A failing listener never stops the queue nor the other listeners. */
  emit(event: OperatorEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        this.onError(err, event);
      }
    }
  }
}

/** The screen-pop event of a caller bridged to operator `who`. */
export function callConnected(caller: QueuedCaller, who: string, at: number): OperatorEvent {
  const { callId, serviceId, callerNumber, language, urgent, reason, menuPath, collected } = caller;
  return {
    type: 'call-connected',
    operatorId: toOperatorId(who),
    callId,
    serviceId,
    callerNumber,
    language,
    urgent,
    choice: { reason, menuPath, collected },
    at,
  };
}
