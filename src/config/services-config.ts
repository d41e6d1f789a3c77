// services.yaml: one entry per short number. Names the root menus, the hours profile, the queue,
// the languages (first = default) and the service-level prompts the call session needs.
import { z } from 'zod';
import { MenuNodeId, ServiceId } from '../domain/ids.ts';
import { LanguageSchema, LocalizedPromptSchema } from '../menu/menu-config.ts';
import { SurveyConfigSchema } from '../survey/survey-config.ts';

const id = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lower-case letters, digits, "-" or "_"');

/** Prompts the session plays outside any menu node. Every one is required in every language. */
export const ServicePromptsSchema = z.strictObject({
  /** Played once, before the root menu. */
  greeting: LocalizedPromptSchema,
  goodbye: LocalizedPromptSchema,
  /** Default for a wrong key, when a node has no `invalidPrompt`. */
  invalid: LocalizedPromptSchema,
  /** Played before the prompt is repeated after a silence. */
  noInput: LocalizedPromptSchema,
  /** 0 pressed while already waiting for an operator. */
  alreadyWaiting: LocalizedPromptSchema,
  /** "To be called back on the number you are calling from press 1, on another number press 2." */
  callbackOffer: LocalizedPromptSchema,
  /** "Key in the number without the leading 0, then press #." */
  callbackEnterNumber: LocalizedPromptSchema,
  /** "This number cannot be called back." */
  callbackNumberInvalid: LocalizedPromptSchema,
  /** "We will call you back on" (followed by the digits). */
  callbackReadBack: LocalizedPromptSchema,
  /** "If this is right press 1, to key in another number press 2." */
  callbackConfirm: LocalizedPromptSchema,
  /** "Your callback is booked. We will call you on" (followed by day, date and time). */
  callbackBooked: LocalizedPromptSchema,
  /** "at" (between the date and the hour). */
  callbackAt: LocalizedPromptSchema,
  /** "A callback could not be booked (one may already be booked for this number)." */
  callbackRefused: LocalizedPromptSchema,
  /** "Sorry, we could not put you through." Then the menu the caller came from again. */
  transferFailed: LocalizedPromptSchema,
});
export type ServicePrompts = z.infer<typeof ServicePromptsSchema>;
export type ServicePromptName = keyof ServicePrompts;

export const CallbackFlowSchema = z.strictObject({
  timeoutSec: z.number().positive().max(60).default(6),
  interDigitTimeoutSec: z.number().positive().max(30).default(5),
  maxRetries: z.number().int().min(0).max(10).default(2),
});

export const ServiceConfigSchema = z.strictObject({
  id: id.transform(ServiceId),
  /** The short number (the dialled exten). */
  number: z.string().regex(/^\d{3,4}$/, 'the short number, 3 or 4 digits (e.g. 1655)'),
  name: z.record(LanguageSchema, z.string().min(1)),
  /** Languages offered; the first is the call's language at the start. */
  languages: z.array(LanguageSchema).min(1),
  /** A profile in hours.yaml. */
  hours: id,
  /** Root node inside live hours. */
  menu: id.transform(MenuNodeId),
  /** Root node outside live hours (default: `menu`). */
  afterHoursMenu: id.transform(MenuNodeId).optional(),
  /** A queue in queues.yaml. */
  queue: id,
  /** Caller id shown on callbacks. */
  callerId: z.string().regex(/^\+?\d{3,15}$/, 'digits, such as 1655'),
  prompts: ServicePromptsSchema,
  callbackFlow: CallbackFlowSchema.default({ timeoutSec: 6, interDigitTimeoutSec: 5, maxRetries: 2 }),
  /** The post-call survey after an operator hangs up (off when absent). */
  survey: SurveyConfigSchema.optional(),
});
export type ServiceConfig = z.infer<typeof ServiceConfigSchema>;

export const ServicesFileSchema = z.strictObject({
  services: z.array(ServiceConfigSchema).min(1),
});
export type ServicesFile = z.infer<typeof ServicesFileSchema>;
