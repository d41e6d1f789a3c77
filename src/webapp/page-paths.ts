// The web app's pages: one list for the server (which answers these paths with index.html) and
// the app's router. An explicit list rather than a catch-all route, so unknown /api paths still go
// through the API's auth hook and unknown pages get the JSON 404. No I/O here: the web app imports it.
export const PAGE_PATHS = {
  login: '/login',
  desk: '/desk',
  inbox: '/inbox',
  wallboard: '/wallboard',
  reports: '/reports',
  admin: '/admin',
} as const;

export type Page = keyof typeof PAGE_PATHS;
