import type { z } from 'zod';

/**
 * One documented operation. Each router's operations live in one `<router>.openapi.ts` file in this folder,
 * and test/http/openapi-coverage.test.ts fails when a route express serves is missing here (or the reverse).
 */
export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** How a caller proves who it is: a bearer token or the session cookie ('bearer'), a Twilio signature, a secret in the path/query, or nothing. */
export type Auth = 'bearer' | 'twilio' | 'slack' | 'routingKey' | 'calendarToken' | 'none';

export interface BodyDoc {
  schema: z.ZodType;
  /** Defaults to application/json. */
  contentType?: string;
  example?: unknown;
  required?: boolean;
}

export interface ResponseDoc {
  description: string;
  schema?: z.ZodType;
  /** Defaults to application/json (when a schema is given). */
  contentType?: string;
  example?: unknown;
  headers?: Record<string, { description: string; schema: { type: 'string' | 'integer' } }>;
  /** Other media types of the same response (content negotiation), e.g. text/csv beside JSON. */
  alternatives?: { contentType: string; schema?: z.ZodType; example?: unknown }[];
}

/** An OpenAPI link: a value from this response feeds a parameter of another operation (schemathesis follows them). */
export interface LinkDoc {
  operationId: string;
  parameters: Record<string, string>;
}

export interface OperationDoc {
  method: Method;
  /** OpenAPI path template, e.g. /api/v1/users/{id}. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  auth?: Auth;
  query?: z.ZodType;
  body?: BodyDoc;
  /** Success responses by status code. */
  responses: Record<number, ResponseDoc>;
  /** Extra error statuses beyond the defaults for the auth kind (400 and 404 are added when there are inputs). */
  errors?: number[];
  /** Links from the first success response, by name. */
  links?: Record<string, LinkDoc>;
}

export interface DocGroup {
  tag: string;
  description: string;
  /** Default auth for the group's operations. */
  auth: Auth;
  operations: OperationDoc[];
}

/** Keeps a group's literal types while checking its shape. */
export const docGroup = (g: DocGroup): DocGroup => g;
