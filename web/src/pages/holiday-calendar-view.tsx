// The year as a calendar: twelve month grids (Monday first), each day marked working, weekend,
// holiday or swapped working day — by text in its title and a pattern, not by colour alone.
import { useState } from 'react';
import { type MessageKey, useI18n } from '../i18n.ts';
import { LoadProblem, usePoll } from '../ui.tsx';

type DayKind = 'working' | 'weekend' | 'holiday' | 'swapped';
interface Day {
  date: string;
  kind: DayKind;
  name?: string;
}
const KIND_LABEL: Record<DayKind, MessageKey> = {
  working: 'day.working',
  weekend: 'day.weekend',
  holiday: 'day.holiday',
  swapped: 'day.swapped',
};

export function HolidayCalendarView() {
  const { t, language } = useI18n();
  const [year, setYear] = useState(() => new Date().getFullYear());
  const cal = usePoll<{ year: number; days: Day[]; missingHolidayYears: number[]; serviceId: string }>(
    `/api/calendar?year=${year}`,
  );
  const months = Array.from({ length: 12 }, (_, m) =>
    (cal.data?.days ?? []).filter((d) => Number(d.date.slice(5, 7)) === m + 1),
  );
  // 2024-01-01 was a Monday: seven days from it name the columns in the person's language.
  const weekdays = Array.from({ length: 7 }, (_, i) =>
    new Intl.DateTimeFormat(language, { weekday: 'narrow', timeZone: 'UTC' }).format(
      Date.UTC(2024, 0, 1 + i),
    ),
  );
  const monthName = (m: number) =>
    new Intl.DateTimeFormat(language, { month: 'long', timeZone: 'UTC' }).format(Date.UTC(year, m, 1));
  return (
    <>
      <label className="inline">
        {t('year')}
        <input
          type="number"
          min={2000}
          max={2100}
          value={year}
          onChange={(e) => setYear(Number(e.target.value) || year)}
        />
      </label>
      <LoadProblem result={cal.result} />
      {cal.data && cal.data.missingHolidayYears.length > 0 && (
        <p className="problem" role="alert">
          {t('alarm.holidayYear')}: {cal.data.missingHolidayYears.join(', ')}
        </p>
      )}
      <ul className="legend">
        {(Object.keys(KIND_LABEL) as DayKind[]).map((k) => (
          <li key={k}>
            <span className={`day day-${k}`} aria-hidden="true" /> {t(KIND_LABEL[k])}
          </li>
        ))}
      </ul>
      <div className="months" data-testid="holiday-calendar">
        {months.map((days, m) => {
          const first = days[0];
          // Monday-first grid: blanks before the 1st.
          const lead = first ? (new Date(`${first.date}T00:00:00Z`).getUTCDay() + 6) % 7 : 0;
          return (
            <figure key={monthName(m)} className="month">
              <figcaption>{monthName(m)}</figcaption>
              <div className="grid">
                {weekdays.map((w, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: narrow names repeat (T, S)
                  <abbr key={`w${i}`} className="weekday">
                    {w}
                  </abbr>
                ))}
                {Array.from({ length: lead }, (_, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: blanks have no identity
                  <span key={`b${i}`} />
                ))}
                {days.map((d) => (
                  <span
                    key={d.date}
                    className={`day day-${d.kind}`}
                    title={`${d.date}: ${t(KIND_LABEL[d.kind])}${d.name ? ` — ${d.name}` : ''}`}
                  >
                    {Number(d.date.slice(8))}
                  </span>
                ))}
              </div>
            </figure>
          );
        })}
      </div>
    </>
  );
}
