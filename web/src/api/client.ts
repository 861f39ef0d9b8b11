import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from '../../../src/client/nightline-api.types';
import { session } from './session';

export type { components, paths };
/** A schema of the OpenAPI document, e.g. `Schema<'Alert'>`: a changed schema is a compile error here. */
export type Schema<K extends keyof components['schemas']> = components['schemas'][K];

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

/** Bearer token (API token) or session cookie + X-CSRF-Token on writes; a 401 outside /auth/ goes to sign-in. */
const auth: Middleware = {
  onRequest({ request }) {
    const token = session.token();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    const csrf = session.csrf();
    if (csrf && request.method !== 'GET') request.headers.set('X-CSRF-Token', csrf);
    request.headers.set('Accept', 'application/json');
    return request;
  },
  onResponse({ response, schemaPath }) {
    if (response.status === 401 && !schemaPath.startsWith('/api/v1/auth/')) {
      session.signOut();
      if (!location.pathname.startsWith('/login')) location.assign(`/login?next=${encodeURIComponent(location.pathname)}`);
    }
    return undefined;
  },
  onError() {
    return new OfflineError('The Nightline server cannot be reached.');
  },
};

/** The only way the console reaches the API: typed by the generated `paths` of /openapi.json. */
export const client = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
client.use(auth);

/**
 * Unwraps a typed call: its data, or ApiError with the `{ error }` body (`HTTP <status>` when there is none).
 * `const s = await ok(client.GET('/api/v1/schedules/{id}', { params: { path: { id } } }))`.
 */
export async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) {
    const body = (error as { error?: ApiErrorBody } | undefined)?.error;
    throw new ApiError(response.status, body ?? { code: 'http_error', message: `HTTP ${response.status}` });
  }
  return data as T;
}

type JsonBody<Op> = Op extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
/** The JSON body an operation takes, e.g. `RequestBody<'/api/v1/users', 'post'>`, for forms that build one. */
export type RequestBody<P extends keyof paths, M extends 'post' | 'put' | 'patch'> = JsonBody<NonNullable<paths[P][M]>>;
