// Whose desk a request reads or acts on. Operators see only their own; supervisors and admins
// (and the automation token) name the operator with `?operator=`; anyone else is refused. Pure.
import { hasRole, type Principal } from '../accounts/principal.ts';
import type { OperatorId } from '../domain/ids.ts';
import { OperatorId as toOperatorId } from '../domain/ids.ts';

export type DeskSubject =
  | { ok: true; operatorId: OperatorId }
  | { ok: false; status: 400 | 403 | 404; reason: string };

export function deskSubject(
  p: Principal,
  requested: string | undefined,
  known: (id: OperatorId) => boolean,
): DeskSubject {
  const own = p.kind === 'user' && hasRole(p, 'operator') ? p.operatorId : undefined;
  const overseer = hasRole(p, 'supervisor', 'admin');
  let id: OperatorId;
  if (requested === undefined || requested === own) {
    if (!own) {
      if (overseer) return { ok: false, status: 400, reason: 'name the operator: ?operator=op1' };
      return { ok: false, status: 403, reason: 'the desk is for operators and supervisors' };
    }
    id = own;
  } else {
    if (!overseer) {
      return {
        ok: false,
        status: 403,
        reason: own
          ? `operators see only their own desk (${own})`
          : 'the desk is for operators and supervisors',
      };
    }
    id = toOperatorId(requested);
  }
  if (!known(id)) return { ok: false, status: 404, reason: `no operator "${id}" in queues.yaml` };
  return { ok: true, operatorId: id };
}

/** Whether the principal may list every operator's wrap-ups (not only their own). */
export const seesAllDesks = (p: Principal): boolean => hasRole(p, 'supervisor', 'admin');
