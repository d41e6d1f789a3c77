// Every call to the engine's /api goes through here: same-origin cookies, the CSRF token on
// changes, and errors as values carrying the server's reason (shown to the person as is).
export type ApiResult<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; status: number; message: string; body?: unknown };

let csrfToken: string | undefined;
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** Called when the session has ended (401): the app goes back to the login page. */
let onSignedOut: () => void = () => undefined;
export function setSignedOutHandler(handler: () => void): void {
  onSignedOut = handler;
}

export async function api<T>(method: string, url: string, body?: unknown): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    return { ok: false, status: 0, message: 'network error: the server cannot be reached' };
  }
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = text;
  }
  if (res.ok) return { ok: true, status: res.status, data: data as T };
  if (res.status === 401 && !url.startsWith('/api/session')) onSignedOut();
  return { ok: false, status: res.status, message: errorMessage(data, res.status), body: data };
}

/** The server's reason, with the first validation issue and config errors (`file:line:col`) when given. */
export function errorMessage(data: unknown, status: number): string {
  if (data && typeof data === 'object') {
    const d = data as { message?: unknown; issues?: { path?: unknown; message?: unknown }[] };
    const issue = d.issues?.[0];
    const detail = issue ? ` (${String(issue.path ?? '')}: ${String(issue.message ?? '')})` : '';
    if (typeof d.message === 'string') return d.message + detail;
  }
  if (typeof data === 'string' && data) return data;
  return `HTTP ${status}`;
}

export const get = <T>(url: string) => api<T>('GET', url);
export const post = <T>(url: string, body?: unknown) => api<T>('POST', url, body ?? {});
export const put = <T>(url: string, body?: unknown) => api<T>('PUT', url, body ?? {});
