// config/units.yaml: the structural units appeals are forwarded to. One schema, its types inferred.
// Pure: no I/O (the config loader reads the file and reports errors as file:line:col).
import { z } from 'zod';

const Name = z.string().min(1).max(200);
const Username = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{1,62}$/, 'a username: lower-case letters, digits, . _ -');

export const UnitConfigSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a unit id: lower-case letters, digits and -'),
    name: z.strictObject({ az: Name, ru: Name.optional(), en: Name.optional() }),
    /** The head of the unit, who reports the result to the citizen and the centre (a username). */
    head: Username,
    /** Usernames of the unit's members (accounts with role `unit` and this unit in their units). */
    members: z.array(Username).default([]),
    email: z.email('an e-mail address for reminders'),
    /** Optional: reminders are also POSTed here as JSON. */
    webhook: z.url({ protocol: /^https?$/ }).optional(),
  })
  .strict();
export type UnitConfig = z.infer<typeof UnitConfigSchema>;

export const UnitsFileSchema = z
  .object({ units: z.array(UnitConfigSchema).default([]) })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.units.forEach((u, i) => {
      if (seen.has(u.id))
        ctx.addIssue({ code: 'custom', message: `duplicate unit id "${u.id}"`, path: ['units', i, 'id'] });
      seen.add(u.id);
    });
  });
export type UnitsFile = z.infer<typeof UnitsFileSchema>;

export const NO_UNITS: UnitsFile = { units: [] };

export function unitById(file: UnitsFile, id: string): UnitConfig | undefined {
  return file.units.find((u) => u.id === id);
}
