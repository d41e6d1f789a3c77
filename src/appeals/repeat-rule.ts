// A repeated appeal (Law on citizens' appeals): the same number, category and unit already had
// three substantiated answers within a year. The new appeal is flagged with the earlier numbers;
// only a supervisor may then leave it unexamined (telling the citizen). Pure: no I/O.
import type { Appeal } from './appeal.ts';

export const REPEAT_THRESHOLD = 3;
const YEAR_MS = 366 * 24 * 3600_000;

export interface RepeatCandidate {
  category: Appeal['category'];
  unitId?: string | undefined;
  registeredAt: number;
}

/** The earlier answered appeals that make `candidate` a possible repeat, or [] when it is not. */
export function possibleRepeatOf(
  candidate: RepeatCandidate,
  earlier: readonly Pick<Appeal, 'regNo' | 'category' | 'unitId' | 'status' | 'resultAt'>[],
): string[] {
  if (candidate.unitId === undefined) return [];
  const answered = earlier.filter(
    (a) =>
      a.category === candidate.category &&
      a.unitId === candidate.unitId &&
      (a.status === 'answered' || a.status === 'closed') &&
      a.resultAt !== undefined &&
      candidate.registeredAt - a.resultAt <= YEAR_MS,
  );
  return answered.length >= REPEAT_THRESHOLD ? answered.map((a) => a.regNo) : [];
}
