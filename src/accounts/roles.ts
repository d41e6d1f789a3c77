// Who may do what: the four roles of the centre. One source for the type and its schema.
import { z } from 'zod';

export const RoleSchema = z.enum(['operator', 'supervisor', 'unit', 'admin']);
export type Role = z.infer<typeof RoleSchema>;
export const ROLES: readonly Role[] = RoleSchema.options;
