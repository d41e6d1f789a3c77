// A PgAppealService on a fresh migrated database, the shipped calendars and a FakeClock.
import type { Principal } from '../../src/accounts/principal.ts';
import { UnitId, UserId } from '../../src/accounts/principal.ts';
import type { Role } from '../../src/accounts/roles.ts';
import { PgAppealService } from '../../src/appeals/pg-appeal-service.ts';
import { createDatabase } from '../../src/db/database.ts';
import { FakeClock } from '../../src/domain/clock.ts';
import { createLogger } from '../../src/log/logger.ts';
import { workingDaysCalendar } from '../calendar/shipped-calendars.ts';
import { createTestDatabase } from '../support/services.ts';

export async function appealFixture(start = '2026-12-01T10:00:00+04:00') {
  const testDb = await createTestDatabase();
  const db = createDatabase(testDb.url);
  const clock = new FakeClock(start);
  const calendar = workingDaysCalendar();
  const service = new PgAppealService({
    db,
    clock,
    calendars: { calendarFor: (id) => (id === 'citizens' ? calendar : undefined) },
    serviceNumber: (id) => (id === 'citizens' ? '1655' : undefined),
    units: { exists: (u) => ['housing', 'roads'].includes(u) },
    logger: createLogger({ level: 'silent' }),
  });
  return {
    db,
    clock,
    calendar,
    service,
    async close() {
      await db.destroy();
      await testDb.drop();
    },
  };
}

export function person(username: string, roles: Role[], unitIds: string[] = []): Principal {
  return {
    kind: 'user',
    userId: UserId(username),
    username,
    displayName: username,
    roles,
    unitIds: unitIds.map(UnitId),
    language: 'az',
  };
}
