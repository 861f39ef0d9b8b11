import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, paths } from './nightline-api.types';

export type { components, operations, paths } from './nightline-api.types';
export type NightlineClient = Client<paths>;
export type ApiErrorBody = components['schemas']['Error'];

/**
 * A typed client for the Nightline API, generated from /openapi.json: a renamed field or a changed schema is a
 * compile error in the CLI, the tests and the console, not a surprise at run time.
 * `token` is sent as `Authorization: Bearer <token>` (the admin API); ingestion endpoints ignore it.
 */
export function createNightlineClient(
  baseUrl: string,
  token?: string,
  options: Omit<ClientOptions, 'baseUrl'> = {},
): NightlineClient {
  const auth = token ? { authorization: `Bearer ${token}` } : {};
  const headers = { ...(options.headers as Record<string, string> | undefined), ...auth };
  return createClient<paths>({ ...options, baseUrl: baseUrl.replace(/\/+$/, ''), headers });
}

/** A non-2xx answer, with the API's `{ error: { code, message, details } }` body when it sent one. */
export class NightlineApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    const e = (body as Partial<ApiErrorBody> | undefined)?.error;
    super(`HTTP ${status}${e ? `: ${e.code}: ${e.message}` : ''}`);
    this.name = 'NightlineApiError';
  }

  get code(): string | undefined {
    return (this.body as Partial<ApiErrorBody> | undefined)?.error?.code;
  }
}

/** Returns the data of a successful call, or throws NightlineApiError: `const user = await ok(api.POST('/api/v1/users', { body }))`. */
export async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw new NightlineApiError(response.status, error);
  return data as T;
}
