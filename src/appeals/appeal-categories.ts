// The categories of an appeal, as plain data: the registry's schema and the web app's wrap-up
// form both read this list (no zod here, so the browser bundle takes only the words).
export const APPEAL_CATEGORIES = [
  'question',
  'complaint',
  'proposal',
  'information',
  'out-of-competence',
  'urgent',
] as const;
