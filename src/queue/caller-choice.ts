// What the caller chose on the way to the queue: the reason of the menu action that sent them
// (complaint, question, the urgent matter named in the menu), the menu path they came through
// and every value they keyed in (`store: appealNumber`). It travels with the queue entry, the
// escalation and the operator's leg, so the operator does not ask again.

import type { WaitingCaller } from './queue-state.ts';

export interface CallerChoice {
  /** The action's `reason` (e.g. `complaint`, `threat-to-life-health-liberty`), or how they got here (`zero`). */
  readonly reason: string;
  /** Menu node ids from the root to the node the caller left from. */
  readonly menuPath: readonly string[];
  /** Values keyed in on input nodes, by their `store` name. */
  readonly collected: Readonly<Record<string, string>>;
}

export const NO_CHOICE: CallerChoice = { reason: 'operator', menuPath: [], collected: {} };

/** A short line for a phone's display: `complaint appealNumber=12345` (no quotes, commas or angle brackets). */
export function choiceDisplay(choice: CallerChoice): string {
  const values = Object.entries(choice.collected).map(([k, v]) => `${k}=${v}`);
  return sanitize([choice.reason, ...values].join(' ')).slice(0, 80);
}

/** `appealNumber=12345;other=9` for a SIP header: printable ASCII only. */
export function collectedHeader(collected: Readonly<Record<string, string>>): string {
  return sanitize(
    Object.entries(collected)
      .map(([k, v]) => `${k}=${v}`)
      .join(';'),
  );
}

function sanitize(s: string): string {
  return s.replace(/[^\x20-\x7e]|["<>,\\]/g, '_');
}

/**
 * What the operator's phone shows before answering: the number, the caller's choice as the name
 * (`complaint appealNumber=12345`), and SIP headers an operator desk can read.
 */
export function operatorDisplay(caller: WaitingCaller | undefined): {
  callerNumber: string;
  callerName?: string;
  variables?: Record<string, string>;
} {
  if (!caller) return { callerNumber: '' };
  const { choice } = caller;
  const variables: Record<string, string> = {
    'PJSIP_HEADER(add,X-Cagri-Reason)': choiceDisplay({ ...choice, collected: {} }),
    'PJSIP_HEADER(add,X-Cagri-Language)': caller.language,
  };
  const collected = collectedHeader(choice.collected);
  if (collected) variables['PJSIP_HEADER(add,X-Cagri-Collected)'] = collected;
  if (choice.menuPath.length > 0)
    variables['PJSIP_HEADER(add,X-Cagri-Menu-Path)'] = choice.menuPath.join('/');
  return { callerNumber: caller.callerNumber, callerName: choiceDisplay(choice), variables };
}
