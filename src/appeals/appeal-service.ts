// What other features (operator desk wrap-up, reports, the IVR status lookup) ask of the appeal
// registry, in-process. This interface is the stable contract; PgAppealService implements it.
import type { Principal } from '../accounts/principal.ts';
import type { Appeal, AppealCategory, AppealWithHistory, RegNo } from './appeal.ts';
import type { RegisterAppealRequest, TransitionRequest } from './appeal-requests.ts';

export type { RegisterAppealRequest, TransitionRequest } from './appeal-requests.ts';

/** Why a request changed nothing; `code` maps to an HTTP status, `reason` is for a person. */
export interface AppealRefusal {
  ok: false;
  code: 'not-found' | 'forbidden' | 'invalid' | 'conflict';
  reason: string;
}
export type AppealResult<T> = { ok: true; value: T } | AppealRefusal;

export interface AppealSearch {
  status?: readonly Appeal['status'][];
  unitId?: string;
  category?: AppealCategory;
  /** Open and past their deadline. */
  overdue?: boolean;
  /** Citizen number (exact). */
  number?: string;
  /** Registered at or after / before (epoch ms). */
  from?: number;
  until?: number;
  limit?: number;
  offset?: number;
}

export interface AppealService {
  /** Registers a new appeal with its gap-free number; flags a possible repeat. */
  register(req: RegisterAppealRequest, by: Principal): Promise<AppealResult<Appeal>>;
  transition(regNo: RegNo, req: TransitionRequest, by: Principal): Promise<AppealResult<Appeal>>;
  comment(regNo: RegNo, note: string, by: Principal): Promise<AppealResult<Appeal>>;
  /** Moves the deadline from 15 to 30 working days from registration (additional study), with a reason. */
  extendDeadline(regNo: RegNo, reason: string, by: Principal): Promise<AppealResult<Appeal>>;
  get(regNo: RegNo): Promise<AppealWithHistory | undefined>;
  /** Open (not finished) appeals of a citizen number, newest first. */
  openForNumber(number: string): Promise<Appeal[]>;
  /** The number's appeals registered in the last `days` days (default 365), newest first. */
  recentForNumber(number: string, days?: number): Promise<Appeal[]>;
  /**
   * The appeal a caller keyed on the phone: the whole number without dashes (`16552026000123`), or
   * just its sequence part (`123`, `000123`) meaning this service's appeal of the current year.
   */
  byKeyedNumber(serviceId: string, digits: string): Promise<Appeal | undefined>;
  search(q: AppealSearch): Promise<{ total: number; items: Appeal[] }>;
}
