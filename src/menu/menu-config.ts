// menus/*.yaml: the voice-menu nodes admins write. One zod schema is both the validator and the
// type. 0 is deliberately accepted as an option key here so that the validator can say *why* a
// node may not take it (0 is the service-wide "operator" key), instead of a bare schema error.
import { z } from 'zod';
import { MenuNodeId } from '../domain/ids.ts';

export const LanguageSchema = z.string().regex(/^[a-z]{2}$/, 'a two-letter language code such as az, ru, en');
export type Language = z.infer<typeof LanguageSchema>;

/** One recorded prompt: `file` is played as `sound:<file>`; `text` is what it says (rehearsal, docs). */
export const PromptSchema = z.strictObject({
  file: z
    .string()
    .regex(/^[A-Za-z0-9_][A-Za-z0-9_./-]*$/, 'a sound name such as cagri/az/main-menu (no extension)')
    // Inside Asterisk's sounds folder only: `cagri/../../etc/passwd` would name any file.
    .refine((f) => f.split('/').every((part) => part !== '' && part !== '.' && part !== '..'), {
      message: 'a sound name inside the sounds folder: no "..", "." or empty parts',
    }),
  text: z.string().optional(),
});
export type Prompt = z.infer<typeof PromptSchema>;

/** The same prompt in each language: `{ az: {file, text}, ru: {...} }`. */
export const LocalizedPromptSchema = z.record(LanguageSchema, PromptSchema);
export type LocalizedPrompt = z.infer<typeof LocalizedPromptSchema>;

const nodeRef = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'a node id: lower-case letters, digits, "-" or "_"')
  .transform(MenuNodeId);

const reason = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'a short reason code such as complaint');

export const MenuActionSchema = z.discriminatedUnion('action', [
  /** Go to another node (a submenu). */
  z.strictObject({ action: z.literal('goto'), node: nodeRef }),
  /** Play information, then return to this node's menu. */
  z.strictObject({ action: z.literal('play'), prompt: LocalizedPromptSchema }),
  /** Hand the caller to the service's operator queue (outside live hours: the callback offer). */
  z.strictObject({ action: z.literal('operator'), reason: reason.optional() }),
  /** Offer to book a callback. */
  z.strictObject({ action: z.literal('callback') }),
  /** Threat to life, health or liberty: escalate and queue ahead of everyone, at any hour. */
  z.strictObject({ action: z.literal('urgent'), reason: reason.optional() }),
  /**
   * Switch the call's language (prompts from now on), then go back to where the caller came from
   * (a language submenu returns to its parent) or, at a root, replay the node in the new language.
   */
  z.strictObject({ action: z.literal('language'), language: LanguageSchema }),
  /** Back to the node the caller came from (at a root: repeat). */
  z.strictObject({ action: z.literal('back') }),
  /** Play this node's prompt again. */
  z.strictObject({ action: z.literal('repeat') }),
  /** Say goodbye and hang up (the service's goodbye prompt unless one is given). */
  z.strictObject({ action: z.literal('goodbye'), prompt: LocalizedPromptSchema.optional() }),
  /**
   * An input node's `next`: look up the appeal whose registration number the caller just keyed and
   * say its status, and its deadline or result date; then back to the node before. An unknown
   * number is said so and the entry asked again.
   */
  z.strictObject({ action: z.literal('appeal-status') }),
  /** Out of competence: tell the caller which body to call and its number; optionally transfer there. */
  z.strictObject({
    action: z.literal('refer'),
    prompt: LocalizedPromptSchema,
    number: z.string().regex(/^\d{3,15}$/, "the other body's number, digits only"),
    transferTo: z
      .string()
      .regex(/^[A-Za-z0-9]+\/\S+$/, 'an endpoint such as PJSIP/108@trunk')
      .optional(),
  }),
]);
export type MenuAction = z.infer<typeof MenuActionSchema>;

/** Keys a menu node may bind: 1-9, * and #. (0 is caught by the validator with its reason.) */
export const OptionKeySchema = z.string().regex(/^[0-9*#]$/, 'one key: 1-9, * or #');

const common = {
  prompt: LocalizedPromptSchema,
  /** Seconds to wait for a key once the prompt has finished. */
  timeoutSec: z.number().positive().max(60).default(6),
  /** Played before the prompt again on a wrong key (default: the service's `invalid` prompt). */
  invalidPrompt: LocalizedPromptSchema.optional(),
  /** Wrong keys / silences tolerated before giving up (operator in live hours, else goodbye). */
  maxRetries: z.number().int().min(0).max(10).default(2),
};

export const MenuNodeSchema = z.strictObject({
  kind: z.literal('menu'),
  ...common,
  options: z.record(OptionKeySchema, MenuActionSchema),
});

/** Multi-digit entry (an appeal number…): `#` finishes, an inter-digit silence finishes too. */
export const InputNodeSchema = z.strictObject({
  kind: z.literal('input'),
  ...common,
  minDigits: z.number().int().min(1).max(20).default(1),
  maxDigits: z.number().int().min(1).max(20).default(20),
  interDigitTimeoutSec: z.number().positive().max(30).default(4),
  /** The digits are kept under this name and passed on (e.g. to the operator's screen). */
  store: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a name such as appealNumber'),
  /** What to do once the digits are in. */
  next: MenuActionSchema,
});

// `kind` may be left out for ordinary menus; filled in before the discriminated union looks at it.
export const MenuNodeAnySchema = z.preprocess(
  (v) => (v && typeof v === 'object' && !Array.isArray(v) && !('kind' in v) ? { kind: 'menu', ...v } : v),
  z.discriminatedUnion('kind', [MenuNodeSchema, InputNodeSchema]),
);
export type MenuNode = z.infer<typeof MenuNodeSchema>;
export type InputNode = z.infer<typeof InputNodeSchema>;
export type AnyMenuNode = MenuNode | InputNode;

/** One menus/*.yaml file. Node ids are global across the files. */
export const MenuFileSchema = z.strictObject({
  nodes: z.record(
    z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'a node id: lower-case letters, digits, "-" or "_"'),
    MenuNodeAnySchema,
  ),
});
export type MenuFile = z.infer<typeof MenuFileSchema>;

/** All nodes of all menu files, by id. */
export type MenuTree = Readonly<Record<string, AnyMenuNode>>;

/** The key every service reserves for "operator". */
export const OPERATOR_KEY = '0';
