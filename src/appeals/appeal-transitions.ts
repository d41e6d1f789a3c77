// The appeal status machine as a pure function: the appeal, the requested change and who asks go
// in; the changed appeal and its history line, or the reason of the refusal, come out. No I/O.
//
//   registered → answered-directly | forwarded | referred-elsewhere | left-unexamined-repeated
//   forwarded  → in-review | left-unexamined-repeated      in-review → answered
//   answered | answered-directly | referred-elsewhere | left-unexamined-repeated → closed
import type { Role } from '../accounts/roles.ts';
import type { Appeal, AppealStatus, HistoryEntry } from './appeal.ts';
import type { TransitionRequest } from './appeal-requests.ts';

export interface TransitionActor {
  name: string;
  /** `token` admits everything (automation). */
  kind: 'token' | 'user';
  roles: readonly Role[];
  unitIds: readonly string[];
}

export interface TransitionContext {
  now: number;
  actor: TransitionActor;
  /** Known unit ids (units.yaml). */
  unitExists(unitId: string): boolean;
}

export type TransitionOutcome =
  | { ok: true; appeal: Appeal; entry: HistoryEntry }
  | { ok: false; code: 'forbidden' | 'invalid' | 'conflict'; reason: string };

const NEXT: Record<AppealStatus, readonly AppealStatus[]> = {
  registered: ['answered-directly', 'forwarded', 'referred-elsewhere', 'left-unexamined-repeated'],
  forwarded: ['in-review', 'left-unexamined-repeated'],
  'in-review': ['answered'],
  answered: ['closed'],
  'answered-directly': ['closed'],
  'referred-elsewhere': ['closed'],
  'left-unexamined-repeated': ['closed'],
  closed: [],
};

/** Who may request each target status (the token and admins may do anything). */
const ALLOWED: Record<AppealStatus, readonly Role[]> = {
  registered: [],
  'answered-directly': ['operator', 'supervisor'],
  forwarded: ['operator', 'supervisor'],
  'referred-elsewhere': ['operator', 'supervisor'],
  'in-review': ['unit', 'supervisor'],
  answered: ['unit', 'supervisor'],
  closed: ['operator', 'supervisor'],
  'left-unexamined-repeated': ['supervisor'],
};

export function nextStatuses(from: AppealStatus): readonly AppealStatus[] {
  return NEXT[from];
}

export function applyTransition(
  appeal: Appeal,
  req: TransitionRequest,
  ctx: TransitionContext,
): TransitionOutcome {
  const { actor, now } = ctx;
  if (!NEXT[appeal.status].includes(req.to)) {
    const allowed = NEXT[appeal.status];
    return {
      ok: false,
      code: 'conflict',
      reason:
        `appeal ${appeal.regNo} is ${appeal.status}; it cannot become ${req.to}` +
        (allowed.length ? ` (it may become: ${allowed.join(', ')})` : ' (it is closed)'),
    };
  }
  const privileged = actor.kind === 'token' || actor.roles.includes('admin');
  if (!privileged && !actor.roles.some((r) => ALLOWED[req.to].includes(r))) {
    return {
      ok: false,
      code: 'forbidden',
      reason: `only ${[...ALLOWED[req.to], 'admin'].join(', ')} may set an appeal ${req.to}`,
    };
  }
  // A unit member acts only on the appeals of their own units (supervisors on any).
  const unitOnly = !privileged && !actor.roles.includes('supervisor') && actor.roles.includes('unit');
  if (unitOnly && (req.to === 'in-review' || req.to === 'answered')) {
    if (appeal.unitId === undefined || !actor.unitIds.includes(appeal.unitId))
      return {
        ok: false,
        code: 'forbidden',
        reason: `appeal ${appeal.regNo} is not forwarded to a unit of yours`,
      };
  }

  const what = `transition:${req.to}`;
  const entry = (note: string | undefined): HistoryEntry => ({
    at: now,
    actor: actor.name,
    what,
    ...(note !== undefined && note !== '' && { note }),
  });
  const moved: Appeal = { ...appeal, status: req.to };
  switch (req.to) {
    case 'answered-directly':
      if (!req.result.trim()) return invalid('a direct answer needs the answer given (result)');
      return done({ ...moved, result: req.result, resultAt: now }, entry(req.note ?? req.result));
    case 'forwarded':
      if (!ctx.unitExists(req.unitId)) return invalid(`unit "${req.unitId}" is not in units.yaml`);
      return done({ ...moved, unitId: req.unitId }, entry(req.note ?? `to unit ${req.unitId}`));
    case 'in-review':
      return done(moved, entry(req.note));
    case 'answered': {
      if (!req.result.trim()) return invalid('the unit must record the result');
      const citizenInformed = { how: req.citizenInformed.how, at: req.citizenInformed.at ?? now };
      if (citizenInformed.at > now) return invalid('the citizen cannot have been informed in the future');
      return done(
        { ...moved, result: req.result, resultAt: now, citizenInformed },
        entry(req.note ?? `citizen informed by ${citizenInformed.how}`),
      );
    }
    case 'closed':
      return done(moved, entry(req.note));
    case 'referred-elsewhere': {
      if (!req.body.trim()) return invalid('a referral names the body the appeal is sent to');
      const dueBy = appeal.referral?.dueBy ?? appeal.deadline;
      return done(
        { ...moved, resultAt: now, referral: { body: req.body, dueBy, sentAt: now } },
        entry(req.note ?? `referred to ${req.body}${now > dueBy ? ' (after the 3-working-day limit)' : ''}`),
      );
    }
    case 'left-unexamined-repeated':
      if (!appeal.possibleRepeatOf?.length)
        return invalid('only an appeal flagged as a possible repeat may be left unexamined');
      return done(
        {
          ...moved,
          resultAt: now,
          citizenInformed: { how: req.citizenInformed.how, at: req.citizenInformed.at ?? now },
        },
        entry(req.note ?? `repeat of ${appeal.possibleRepeatOf.join(', ')}; citizen informed`),
      );
    default:
      return invalid('unknown status');
  }
}

function done(appeal: Appeal, entry: HistoryEntry): TransitionOutcome {
  return { ok: true, appeal, entry };
}

function invalid(reason: string): TransitionOutcome {
  return { ok: false, code: 'invalid', reason };
}
