// One source for the shape of an account at every boundary: the users API, the CLI and the
// demo seed all validate through these schemas.
import { z } from 'zod';
import { RoleSchema } from './roles.ts';

export const UsernameSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9._-]{1,39}$/i, 'a username is 2–40 letters, digits, ".", "_" or "-"');

export const LanguageSchema = z.enum(['az', 'ru', 'en']);

export const OperatorIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'an operator id from queues.yaml, such as op1');

export const UnitIdSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'a unit id such as social');

const RolesSchema = z
  .array(RoleSchema)
  .min(1, 'give at least one role')
  .transform((r) => [...new Set(r)]);

export const NewUserSchema = z
  .strictObject({
    username: UsernameSchema,
    displayName: z.string().trim().min(1).max(100).optional(),
    password: z.string(),
    roles: RolesSchema,
    operatorId: OperatorIdSchema.optional(),
    unitIds: z.array(UnitIdSchema).default([]),
    language: LanguageSchema.default('az'),
  })
  .refine((u) => !u.roles.includes('operator') || u.operatorId !== undefined, {
    message: 'an operator account needs operatorId (their id in queues.yaml)',
    path: ['operatorId'],
  })
  .refine((u) => !u.roles.includes('unit') || u.unitIds.length > 0, {
    message: 'a unit member needs at least one unit id',
    path: ['unitIds'],
  });
export type NewUser = z.output<typeof NewUserSchema>;

export const UserChangesSchema = z
  .strictObject({
    displayName: z.string().trim().min(1).max(100).optional(),
    roles: RolesSchema.optional(),
    operatorId: OperatorIdSchema.nullable().optional(),
    unitIds: z.array(UnitIdSchema).optional(),
    language: LanguageSchema.optional(),
    disabled: z.boolean().optional(),
  })
  .refine((c) => Object.keys(c).length > 0, { message: 'nothing to change' });
export type UserChanges = z.output<typeof UserChangesSchema>;
