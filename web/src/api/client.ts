import { session } from './session';

/** The API's error body: `{ error: { code, message, details } }`; details name the fields. */
export interface ApiErrorBody {
  code: string;
  message: string;
  details?: { path?: (string | number)[]; field?: string; message: string }[] | unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message);
  }

  /** Field → message, for showing a 400 beside the inputs it names. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    const details = Array.isArray(this.body.details) ? this.body.details : [];
    for (const d of details as { path?: (string | number)[]; field?: string; message?: string }[]) {
      const key = d.field ?? d.path?.join('.');
      if (key && d.message) out[key] ??= d.message;
    }
    // Some routes put the field first in the message ("to: must be after from").
    const m = /^([\w.]+): (.+)$/.exec(this.body.message);
    if (m?.[1] && m[2] && Object.keys(out).length === 0) out[m[1]] = m[2];
    return out;
  }

  /** Words a person can act on. */
  explain(): string {
    if (this.status === 409) return `That conflicts with what is already there: ${this.body.message}`;
    if (this.status === 404) return `Not found: ${this.body.message}`;
    if (this.status === 401 || this.status === 403) return 'You are not signed in, or may not do this.';
    return this.body.message;
  }
}

/** Thrown when the server cannot be reached at all: the layout shows a banner and the query library retries. */
export class OfflineError extends Error {}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

async function call<T>(method: Method, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = session.token();
  if (token) headers.Authorization = `Bearer ${token}`;
  const csrf = session.csrf();
  if (csrf && method !== 'GET') headers['X-CSRF-Token'] = csrf;
  if (body !== undefined) headers['Content-Type'] = contentType;
  let res: Response;
  try {
    res = await fetch(path.startsWith('/v2') ? path : `/api/v1${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  } catch {
    throw new OfflineError('The Nightline server cannot be reached.');
  }
  if (res.status === 401 && !path.startsWith('/auth/')) {
    session.signOut();
    if (!location.pathname.startsWith('/login')) location.assign(`/login?next=${encodeURIComponent(location.pathname)}`);
  }
  if (res.status === 204) return undefined as T;
  const json: unknown = await res.json().catch(() => ({}));
  if (!res.ok) {
    const err = (json as { error?: ApiErrorBody }).error ?? { code: 'http_error', message: `HTTP ${res.status}` };
    throw new ApiError(res.status, err);
  }
  return json as T;
}

export const api = {
  get: <T>(path: string) => call<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => call<T>('POST', path, body),
  postText: <T>(path: string, text: string, type: string) => call<T>('POST', path, text, type),
  patch: <T>(path: string, body: unknown) => call<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => call<T>('PUT', path, body),
  del: <T>(path: string) => call<T>('DELETE', path),
};

/** Builds a query string from defined values only. */
export function qs(params: Record<string, string | number | undefined | null>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}
