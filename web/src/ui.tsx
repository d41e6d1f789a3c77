// Small shared pieces: polling a URL, durations and times for people, a status line.
import { useCallback, useEffect, useRef, useState } from 'react';
import { type ApiResult, get } from './api.ts';
import { useI18n } from './i18n.ts';

/** GETs `url` now and every `everyMs` (0 = once); `reload` fetches again at once. */
export function usePoll<T>(url: string | undefined, everyMs = 0) {
  const [result, setResult] = useState<ApiResult<T> | undefined>(undefined);
  const [at, setAt] = useState<number>(0);
  const alive = useRef(true);
  const reload = useCallback(async () => {
    if (!url) return;
    const r = await get<T>(url);
    if (alive.current) {
      setResult(r);
      setAt(Date.now());
    }
  }, [url]);
  useEffect(() => {
    alive.current = true;
    void reload();
    const timer = everyMs > 0 ? window.setInterval(() => void reload(), everyMs) : undefined;
    return () => {
      alive.current = false;
      if (timer !== undefined) window.clearInterval(timer);
    };
  }, [reload, everyMs]);
  return { result, data: result?.ok ? result.data : undefined, at, reload };
}

/** Re-renders every `ms` so "time in state" and timers move. */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(timer);
  }, [ms]);
  return now;
}

export function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(sec).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** An instant (epoch ms or ISO string) in the centre's zone. */
export function when(value: unknown, withTime = true): string {
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) return '—';
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Baku',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    ...(withTime ? { hour: '2-digit', minute: '2-digit' } : {}),
  }).format(ms);
}

export function Problem(props: { message?: string | undefined }) {
  if (!props.message) return null;
  return (
    <p className="problem" role="alert">
      {props.message}
    </p>
  );
}

/** What a failed load says: the server's reason, or that the API is not there. */
export function LoadProblem(props: { result: ApiResult<unknown> | undefined }) {
  const { t } = useI18n();
  const r = props.result;
  if (!r || r.ok) return null;
  return <Problem message={r.status === 404 ? `${t('unavailable')} (${r.message})` : r.message} />;
}
