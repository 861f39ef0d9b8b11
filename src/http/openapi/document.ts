import { z } from 'zod';
import type { Auth, DocGroup, OperationDoc, ResponseDoc } from './registry';
import { SESSION_COOKIE } from '../identity/principal';
import { errorBody } from './responses.openapi';

type Json = Record<string, unknown>;

export interface DocumentOptions {
  groups: DocGroup[];
  /** Server URL shown in the docs; the document is otherwise independent of where it is served. */
  serverUrl?: string;
  version?: string;
}

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid input: `error.message` names the field, `error.details` lists every problem',
  401: 'Missing or invalid credentials',
  403: 'Forbidden: the signature does not match, or the caller’s role does not allow this',
  404: 'Unknown id (or unknown route key)',
  409: 'Conflict with the current state (duplicate, still referenced, already resolved...)',
  413: 'Request body over the size limit',
  415: 'Unsupported content type',
  422: 'A stored definition (e.g. a schedule) cannot be resolved: `error.message` says why',
  429: 'Rate limited: retry after `Retry-After` seconds',
  503: 'A dependency (Temporal, MongoDB) is not available',
};

const SECURITY: Record<Auth, Json[] | undefined> = {
  // Either one: an API token, or the session cookie (with X-CSRF-Token on writes).
  bearer: [{ bearerAuth: [] }, { cookieAuth: [] }],
  twilio: [{ twilioSignature: [] }],
  slack: [{ slackSignature: [] }],
  routingKey: [],
  calendarToken: [],
  none: [],
};

/** Converts schemas one at a time, hoisting every `.meta({ id })` schema into components.schemas. */
function schemaConverter(components: Json) {
  return (schema: z.ZodType, io: 'input' | 'output'): Json => {
    const out = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
    const { $schema: _s, $defs, ...rest } = out;
    const fix = (v: unknown): Json =>
      JSON.parse(JSON.stringify(v).replaceAll('"#/$defs/', '"#/components/schemas/')) as Json;
    for (const [name, def] of Object.entries(($defs ?? {}) as Json)) components[name] = fix(def);
    return fix(rest);
  };
}

const pathParams = (path: string) => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);

function queryParams(
  toJson: ReturnType<typeof schemaConverter>,
  query: z.ZodType | undefined,
  components: Json,
): Json[] {
  if (!query) return [];
  let s = toJson(query, 'input');
  const ref = typeof s.$ref === 'string' ? s.$ref.split('/').pop()! : undefined;
  if (ref) s = components[ref] as Json;
  const props = (s.properties ?? {}) as Record<string, Json>;
  const required = new Set((s.required as string[] | undefined) ?? []);
  return Object.entries(props).map(([name, schema]) => ({
    name,
    in: 'query',
    required: required.has(name),
    schema,
  }));
}

function response(toJson: ReturnType<typeof schemaConverter>, r: ResponseDoc, links?: Json): Json {
  const out: Json = { description: r.description };
  if (r.schema || r.contentType) {
    const media: Json = r.schema ? { schema: toJson(r.schema, 'output') } : { schema: { type: 'string' } };
    if (r.example !== undefined) media.example = r.example;
    out.content = { [r.contentType ?? 'application/json']: media };
    for (const alt of r.alternatives ?? []) {
      const m: Json = { schema: alt.schema ? toJson(alt.schema, 'output') : { type: 'string' } };
      if (alt.example !== undefined) m.example = alt.example;
      (out.content as Json)[alt.contentType] = m;
    }
  }
  if (r.headers) out.headers = r.headers;
  if (links) out.links = links;
  return out;
}

function defaultErrors(op: OperationDoc, auth: Auth): number[] {
  const codes = new Set<number>(op.errors ?? []);
  if (auth === 'bearer') [401, 403].forEach((c) => codes.add(c));
  if (auth === 'twilio' || auth === 'slack') codes.add(403);
  if (op.body || op.query || pathParams(op.path).length) codes.add(400);
  if (pathParams(op.path).length) codes.add(404);
  if (op.body) codes.add(413);
  return [...codes].sort();
}

function operation(
  toJson: ReturnType<typeof schemaConverter>,
  op: OperationDoc,
  group: DocGroup,
  components: Json,
): Json {
  const auth = op.auth ?? group.auth;
  const parameters = [
    ...pathParams(op.path).map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
    ...queryParams(toJson, op.query, components),
  ];
  const responses: Json = {};
  const [first] = Object.keys(op.responses);
  for (const [status, r] of Object.entries(op.responses)) {
    const links =
      status === first && op.links
        ? Object.fromEntries(Object.entries(op.links).map(([k, l]) => [k, l]))
        : undefined;
    responses[status] = response(toJson, r, links);
  }
  for (const code of defaultErrors(op, auth)) {
    responses[String(code)] ??= {
      description: ERROR_TEXT[code] ?? 'Error',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      ...(code === 429
        ? { headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } } }
        : {}),
    };
  }
  const out: Json = {
    operationId: op.operationId,
    summary: op.summary,
    tags: [group.tag],
    parameters,
    responses,
    security: SECURITY[auth],
  };
  if (op.description) out.description = op.description;
  if (op.body) {
    const media: Json = { schema: toJson(op.body.schema, 'input') };
    if (op.body.example !== undefined) media.example = op.body.example;
    out.requestBody = {
      required: op.body.required ?? true,
      content: { [op.body.contentType ?? 'application/json']: media },
    };
  }
  return out;
}

/** Builds the OpenAPI 3.1 document from the route groups' docs (and so from the zod schemas that parse requests). */
export function buildOpenApiDocument(opts: DocumentOptions): Json {
  const components: Json = {};
  const toJson = schemaConverter(components);
  toJson(errorBody, 'output');
  const paths: Record<string, Json> = {};
  for (const group of opts.groups) {
    for (const op of group.operations) {
      const item = (paths[op.path] ??= {});
      if (item[op.method])
        throw new Error(`openapi: ${op.method.toUpperCase()} ${op.path} is documented twice`);
      item[op.method] = operation(toJson, op, group, components);
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Nightline API',
      version: opts.version ?? '0.1.0',
      description:
        'Self-hosted on-call rotation manager and phone pager. The admin API (`/api/v1`) takes `Authorization: Bearer <token>` ' +
        'or the console session cookie (plus `X-CSRF-Token` on writes); ' +
        'ingestion endpoints take the service routing key; Twilio webhooks must carry a valid `X-Twilio-Signature`. ' +
        'Every error has the shape `{ "error": { "code", "message", "details" } }`.',
    },
    ...(opts.serverUrl ? { servers: [{ url: opts.serverUrl }] } : {}),
    // Tag names must be unique: groups sharing a tag (Services and its channels) keep the first description.
    tags: opts.groups
      .filter((g, i) => opts.groups.findIndex((o) => o.tag === g.tag) === i)
      .map((g) => ({ name: g.tag, description: g.description })),
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API token from POST /api/v1/tokens, or ADMIN_API_TOKEN (a logged break-glass admin)',
        },
        cookieAuth: {
          type: 'apiKey',
          in: 'cookie',
          name: SESSION_COOKIE,
          description:
            'Session cookie set by POST /api/v1/auth/login or single sign-on; every write must also send the ' +
            '`X-CSRF-Token` header with the csrfToken from the login answer or GET /api/v1/auth/me',
        },
        twilioSignature: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Twilio-Signature',
          description: 'HMAC-SHA1 of PUBLIC_URL + path + sorted form parameters, keyed by TWILIO_AUTH_TOKEN',
        },
        slackSignature: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Slack-Signature',
          description: 'v0= HMAC-SHA256 of v0:timestamp:body, keyed by the Slack signing secret',
        },
      },
    },
  };
}
