// Times in API answers: ISO 8601 in UTC, whether the engine holds them as epoch ms or Postgres
// returns them as Dates.
import { z } from 'zod';

export const IsoTimeSchema = z.iso.datetime();

export const isoTime = (t: number | Date): string => new Date(t).toISOString();

export const isoTimeOrNull = (t: number | Date | null): string | null => (t === null ? null : isoTime(t));
