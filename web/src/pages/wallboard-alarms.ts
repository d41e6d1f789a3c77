// What needs a supervisor now: an operator near or at the weekly cap, an urgent caller waiting,
// a lost call whose same-day callback is past its deadline, an escalation nobody answered, a
// holiday year with no file (its holidays would count as working days).
import type { MessageKey } from '../i18n.ts';

export interface WaitingRow {
  callId: string;
  position: number;
  urgent: boolean;
  reason: string;
  language: string;
  joinedAt: string;
}
export interface OperatorRow {
  id: string;
  name: string;
  state: 'offline' | 'available' | 'ringing' | 'on-call' | 'wrap-up' | 'paused';
  reason?: string;
  since: string;
  weeklySeconds: number;
  nearCap: boolean;
  atCap: boolean;
  capHours: number;
}
export interface CallbackRow {
  id: string;
  kind: string;
  status: string;
  dueUntil: string;
}
export interface Alarm {
  key: string;
  subject: string;
  what: MessageKey;
}

export function alarmsOf(input: {
  operators: OperatorRow[];
  waiting: WaitingRow[];
  lostCallbacks: CallbackRow[];
  escalationsUnanswered: number;
  missingHolidayYears: readonly number[];
  now: number;
}): Alarm[] {
  const alarms: Alarm[] = [];
  for (const o of input.operators) {
    if (o.atCap) alarms.push({ key: `cap-${o.id}`, subject: o.name, what: 'alarm.atCap' });
    else if (o.nearCap) alarms.push({ key: `near-${o.id}`, subject: o.name, what: 'alarm.nearCap' });
  }
  for (const w of input.waiting) {
    if (w.urgent) alarms.push({ key: `urgent-${w.callId}`, subject: w.reason, what: 'alarm.urgentWaiting' });
  }
  for (const c of input.lostCallbacks) {
    if (Date.parse(c.dueUntil) < input.now)
      alarms.push({ key: `lost-${c.id}`, subject: c.id, what: 'alarm.lostOverdue' });
  }
  if (input.escalationsUnanswered > 0)
    alarms.push({
      key: 'escalations',
      subject: String(input.escalationsUnanswered),
      what: 'alarm.escalation',
    });
  for (const year of input.missingHolidayYears)
    alarms.push({ key: `holidays-${year}`, subject: String(year), what: 'alarm.holidayYear' });
  return alarms;
}
