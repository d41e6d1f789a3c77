// Callback bookings in a rehearsal: the same due-window rule the real scheduler uses
// (planBooking on the service's calendar at the rehearsal's clock), shown instead of stored.
import { planBooking } from '../callbacks/policy/callback-schedule.ts';
import type { Clock } from '../domain/clock.ts';
import type { ConfigServiceDirectory } from '../engine/config-service-directory.ts';
import type { BookingRequest, BookingResult, CallbackService } from '../engine/engine-services.ts';
import type { NoteSink } from './rehearsal-notes.ts';

export class RehearsalCallbacks implements CallbackService {
  constructor(
    private readonly directory: Pick<ConfigServiceDirectory, 'calendarFor'>,
    private readonly clock: Clock,
    private readonly note: NoteSink,
  ) {}

  callerServed(): void {}

  async book(req: BookingRequest): Promise<BookingResult> {
    const calendar = this.directory.calendarFor(req.serviceId);
    if (!calendar) {
      const reason = `service ${req.serviceId} has no hours profile`;
      this.note({ kind: 'callback-refused', number: req.number, reason });
      return { ok: false, reason };
    }
    const plan = planBooking({ at: this.clock.now(), calendar });
    if (plan.kind === 'refused') {
      this.note({ kind: 'callback-refused', number: req.number, reason: plan.reason });
      return { ok: false, reason: plan.reason };
    }
    this.note({
      kind: 'callback-booked',
      number: req.number,
      language: req.language,
      dueFrom: plan.dueFrom,
      dueUntil: plan.dueUntil,
      timezone: calendar.timezone,
      why: plan.reason,
    });
    return { ok: true, dueFrom: plan.dueFrom };
  }

  async lostCall(): Promise<void> {}
}
