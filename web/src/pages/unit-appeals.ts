// The appeals forwarded to the person's units: one query per unit (the registry filters by unit),
// refreshed every 15 s.
import { useCallback, useEffect, useState } from 'react';
import { type ApiResult, get } from '../api.ts';

export interface AppealRow {
  regNo: string;
  category: string;
  status: string;
  summary: string;
  unitId?: string;
  citizenNumber?: string;
  registeredAt: string | number;
  deadline: string | number;
  result?: string;
  deadlineState?: 'ok' | 'near' | 'overdue' | 'none';
}

export function useUnitAppeals(unitIds: readonly string[]) {
  const [result, setResult] = useState<ApiResult<AppealRow[]>>();
  const key = unitIds.join(',');
  const reload = useCallback(async () => {
    const units = key ? key.split(',') : [];
    const answers = await Promise.all(
      units.map((u) => get<{ appeals: AppealRow[] }>(`/api/appeals?unit=${encodeURIComponent(u)}&limit=500`)),
    );
    const failed = answers.find((a) => !a.ok);
    setResult(
      failed && !failed.ok
        ? failed
        : { ok: true, status: 200, data: answers.flatMap((a) => (a.ok ? a.data.appeals : [])) },
    );
  }, [key]);
  useEffect(() => {
    void reload();
    const timer = window.setInterval(() => void reload(), 15_000);
    return () => window.clearInterval(timer);
  }, [reload]);
  return { result, data: result?.ok ? result.data : undefined, reload };
}
