// The signed-in person as the server sees them (GET /api/session), and what their roles may see.
import { PAGE_PATHS, type Page } from '../../src/webapp/page-paths.ts';
import { api, get, setCsrfToken } from './api.ts';
import { isLanguage, type Language } from './i18n.ts';

export type Role = 'operator' | 'supervisor' | 'unit' | 'admin';

export interface Me {
  username: string;
  displayName: string;
  roles: Role[];
  operatorId?: string;
  unitIds: string[];
  language: Language;
}

/** Which roles may open each page; the menu hides the rest and a direct URL says "not allowed". */
export const PAGE_ROLES: Record<Exclude<Page, 'login'>, readonly Role[]> = {
  desk: ['operator'],
  inbox: ['unit'],
  wallboard: ['supervisor', 'admin'],
  reports: ['supervisor', 'admin'],
  admin: ['admin'],
};

export const mayOpen = (me: Me, page: Exclude<Page, 'login'>) =>
  PAGE_ROLES[page].some((r) => me.roles.includes(r));

export function homePage(me: Me): string {
  const first = (Object.keys(PAGE_ROLES) as Exclude<Page, 'login'>[]).find((p) => mayOpen(me, p));
  return first ? PAGE_PATHS[first] : PAGE_PATHS.login;
}

// The session answer may carry the person at the top level or under `user`/`principal`.
function readMe(data: unknown): Me | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const d = data as Record<string, unknown>;
  const p = (d.user ?? d.principal ?? d) as Record<string, unknown>;
  if (typeof p.username !== 'string' || !Array.isArray(p.roles)) return undefined;
  return {
    username: p.username,
    displayName: typeof p.displayName === 'string' ? p.displayName : p.username,
    roles: p.roles as Role[],
    ...(typeof p.operatorId === 'string' ? { operatorId: p.operatorId } : {}),
    unitIds: Array.isArray(p.unitIds) ? (p.unitIds as string[]) : [],
    language: isLanguage(p.language) ? p.language : 'en',
  };
}

function readCsrf(data: unknown): string | undefined {
  const d = (data ?? {}) as Record<string, unknown>;
  const token = d.csrfToken ?? d.csrf;
  return typeof token === 'string' ? token : undefined;
}

export async function currentSession(): Promise<Me | undefined> {
  const res = await get<unknown>('/api/session');
  if (!res.ok) return undefined;
  setCsrfToken(readCsrf(res.data));
  return readMe(res.data);
}

export async function signIn(
  username: string,
  password: string,
): Promise<{ ok: true; me: Me } | { ok: false; message: string }> {
  const res = await api<unknown>('POST', '/api/session', { username, password });
  if (!res.ok) return { ok: false, message: res.message };
  setCsrfToken(readCsrf(res.data));
  // The sign-in answer may be brief: the session itself says who we are and gives the CSRF token.
  const me = (await currentSession()) ?? readMe(res.data);
  return me ? { ok: true, me } : { ok: false, message: 'signed in, but the session could not be read' };
}

export async function signOut(): Promise<void> {
  await api('DELETE', '/api/session');
  setCsrfToken(undefined);
}
