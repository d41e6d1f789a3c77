// GET /api/audit (admin): the audit log, newest first, by actor and time, a page at a time.
import type { FastifyPluginAsync } from 'fastify';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { isoTime } from '../http/api-time.ts';
import { useZod } from '../http/zod-validation.ts';
import type { AuditLog } from './audit-log.ts';

const instant = z.iso
  .datetime({ offset: true, message: 'must be an ISO date-time such as 2026-12-01T09:00:00+04:00' })
  .or(z.iso.date({ message: 'must be a day (YYYY-MM-DD) or an ISO date-time' }));

export const AuditQuerySchema = z.strictObject({
  actor: z.string().min(1).max(100).optional().describe('username, or `token`'),
  from: instant.optional().describe('from this instant (inclusive)'),
  until: instant.optional().describe('before this instant'),
  before: z
    .string()
    .regex(/^\d+$/, 'must be an entry id')
    .optional()
    .describe('entries older than this id (paging)'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** A day is read in the centre's zone; a date-time by its own offset. */
const toMs = (v: string, zone: string) => DateTime.fromISO(v, { zone }).toMillis();

export function auditRoutes(audit: AuditLog, timeZone = 'Asia/Baku'): FastifyPluginAsync {
  return async (plain) => {
    const app = useZod(plain);
    app.get(
      '/audit',
      {
        config: { roles: ['admin'] },
        schema: { tags: ['audit'], summary: 'Who changed what, newest first', querystring: AuditQuerySchema },
      },
      async (request) => {
        const q = request.query;
        const entries = await audit.list({
          limit: q.limit,
          ...(q.actor && { actor: q.actor }),
          ...(q.from && { from: toMs(q.from, timeZone) }),
          ...(q.until && { until: toMs(q.until, timeZone) }),
          ...(q.before && { before: q.before }),
        });
        return {
          entries: entries.map((e) => ({ ...e, at: isoTime(e.at) })),
          // Ask for the next page with before=<this>.
          next: entries.length === q.limit ? entries.at(-1)?.id : null,
        };
      },
    );
  };
}
