// GET /api/calendar: a service's year as the calendar view shows it — every local day a working
// day, weekend, official holiday or swapped working day — and the years with no holiday file.
import type { FastifyPluginAsync } from 'fastify';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { ServiceCalendar } from '../calendar/service-calendar.ts';
import type { Clock } from '../domain/clock.ts';
import { useZod } from '../http/zod-validation.ts';

export interface CalendarRoutesDeps {
  calendarFor(serviceId: string): ServiceCalendar | undefined;
  serviceIds(): readonly string[];
  clock: Clock;
}

const QuerySchema = z.strictObject({
  year: z.coerce
    .number()
    .int('must be a whole year')
    .min(2000, 'must be 2000 or later')
    .max(2100, 'must be 2100 or earlier')
    .optional()
    .describe('the year to show; default the current one'),
  service: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be a service id')
    .optional()
    .describe('service id (services.yaml); default the first service'),
});

export const DAY_KINDS = ['working', 'weekend', 'holiday', 'swapped'] as const;
export const CalendarDaySchema = z.object({
  date: z.string().describe('local day YYYY-MM-DD'),
  kind: z.enum(DAY_KINDS),
  name: z.string().optional().describe('the holiday or the swap it makes up for'),
});
export type CalendarDay = z.infer<typeof CalendarDaySchema>;

/** Pure: the kinds of a year's days by the service calendar (holidays win over swaps). */
export function yearDays(calendar: ServiceCalendar, year: number): CalendarDay[] {
  const days: CalendarDay[] = [];
  for (let d = DateTime.utc(year, 1, 1); d.year === year; d = d.plus({ days: 1 })) {
    const date = d.toISODate()!;
    const kind = calendar.dayKind(date);
    if (kind.kind === 'holiday') days.push({ date, kind: 'holiday', name: kind.name });
    else if (kind.kind === 'swapped-working-day') days.push({ date, kind: 'swapped', name: kind.name });
    else days.push({ date, kind: calendar.liveWindowsOn(date).length > 0 ? 'working' : 'weekend' });
  }
  return days;
}

export function calendarRoutes(deps: CalendarRoutesDeps): FastifyPluginAsync {
  return async (plain) => {
    const app = useZod(plain);
    app.get(
      '/calendar',
      {
        config: { roles: ['supervisor', 'admin'] },
        schema: {
          tags: ['config'],
          summary: "A service's year: working days, weekends, holidays and swapped working days",
          querystring: QuerySchema,
        },
      },
      async (request, reply) => {
        const serviceId = request.query.service ?? deps.serviceIds()[0];
        const calendar = serviceId ? deps.calendarFor(serviceId) : undefined;
        if (!serviceId || !calendar)
          return reply
            .code(404)
            .send({ message: `no service "${serviceId ?? ''}" with hours in services.yaml` });
        const now = deps.clock.now();
        const year = request.query.year ?? DateTime.fromMillis(now, { zone: calendar.timezone }).year;
        return {
          serviceId,
          year,
          timezone: calendar.timezone,
          alwaysOpen: calendar.alwaysOpen,
          missingHolidayYears: calendar.missingHolidayYears(now),
          days: yearDays(calendar, year),
        };
      },
    );
  };
}
