// The desk stream's payloads as the browser reads them (src/desk/screen-pop.ts is the source).
export interface ScreenPop {
  workId: string;
  kind: 'call' | 'callback';
  operatorId: string;
  callId: string | null;
  serviceId: string;
  callerNumber: string;
  language: string;
  reason: string;
  menuPath: string[];
  keyed: Record<string, string>;
  appealNumber: string | null;
  urgent: boolean;
  callback: { id: string; why: string } | null;
  recentCalls: { id: string; startedAt: string; endedAt: string | null; outcome: string | null }[];
  openAppeals: {
    regNo: string;
    category: string;
    status: string;
    summary: string;
    unitId?: string;
    registeredAt: string;
    deadline: string;
  }[];
  at: string;
}

export type OperatorState = 'offline' | 'available' | 'ringing' | 'on-call' | 'wrap-up' | 'paused';

/** The `state` event of the desk stream. */
export interface DeskState {
  operatorId: string;
  state: OperatorState;
  reason?: string;
  since: string;
  wrapUpUntil?: string | null;
}

/** GET /api/desk/me (src/desk/desk-routes.ts). */
export interface DeskMe extends DeskState {
  /** The engine's clock when it answered (ISO): time in state is counted on it. */
  serverTime: string;
  name: string;
  weekly: { hours: number; capHours: number; nearCap: boolean; atCap: boolean };
  current: ScreenPop | null;
  urgent: boolean;
  callbacks: {
    id?: string;
    callbackId?: string;
    kind?: string;
    why?: string;
    status?: string;
    dueUntil: string;
    number?: string;
    destination?: string;
  }[];
}

export { APPEAL_CATEGORIES as CATEGORIES } from '../../../src/appeals/appeal-categories.ts';
