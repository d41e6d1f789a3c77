// Which queue serves which hotline (services.yaml), both ways: a queue entry in Postgres names its
// service, a queue command names its queue.
import { ServiceId } from '../domain/ids.ts';

export class ServiceQueues {
  private readonly byService = new Map<string, string>();

  constructor(private readonly fallbackQueue: string | undefined) {}

  set(serviceId: string, queueId: string): void {
    this.byService.set(serviceId, queueId);
  }

  queueOf(serviceId: string): string | undefined {
    return this.byService.get(serviceId) ?? this.fallbackQueue;
  }

  serviceOf(queueId: string): ServiceId {
    for (const [service, queue] of this.byService) if (queue === queueId) return ServiceId(service);
    return ServiceId(queueId);
  }
}
