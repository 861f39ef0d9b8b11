import request from 'supertest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMetrics } from '../../src/metrics';
import { buildTestApp, type TestApp } from '../fixtures/app';
import { servedRoutes } from '../fixtures/express-routes';
import { fakeEngine } from './twilio-harness';

type Doc = {
  paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>>;
};

const PUBLIC_AUTH = ['/api/v1/auth/login', '/api/v1/auth/password', '/api/v1/auth/oidc/login', '/api/v1/auth/oidc/callback'];

describe('the OpenAPI document at /openapi.json', () => {
  let t: TestApp;
  let doc: Doc;
  beforeAll(async () => {
    // Slack configured (never called here), so its conditionally mounted webhooks are served as documented.
    t = await buildTestApp({
      env: { SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: 'test-signing-secret', SLACK_API_URL: 'http://127.0.0.1:9/api/' },
      deps: { alertEngine: fakeEngine().engine, metrics: createMetrics() },
    });
    const res = await request(t.app).get('/openapi.json').expect(200);
    doc = res.body as Doc;
  });
  afterAll(() => t.close());

  it('when an independent validator reads the served document, it finds a valid OpenAPI 3.1 document', () => {
    // swagger-parser checks it against the official OpenAPI 3.1 JSON schema and resolves every $ref.
    const file = join(mkdtempSync(join(tmpdir(), 'openapi-')), 'openapi.json');
    writeFileSync(file, JSON.stringify(doc));
    const root = join(__dirname, '..', '..');
    const run = spawnSync(join(root, 'node_modules', '.bin', 'tsx'), ['scripts/validate-openapi.ts', file], {
      cwd: root,
      encoding: 'utf8',
    });
    expect({ status: run.status, out: run.stdout.trim(), err: run.stderr.trim() }).toEqual({
      status: 0,
      out: 'valid',
      err: '',
    });
    expect((doc as unknown as { openapi: string }).openapi).toBe('3.1.0');
  });

  it('when express serves a route, the document describes it, and it describes no route express does not serve', () => {
    const documented = Object.entries(doc.paths)
      .flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(servedRoutes(t.app)).toEqual(documented);
  });

  // Signing in (password, one-time link, single sign-on) is how a caller gets a credential, so it needs none.
  const PUBLIC = ['post /api/v1/auth/login', 'post /api/v1/auth/password', 'get /api/v1/auth/oidc/login', 'get /api/v1/auth/oidc/callback'];

  it('when a route is under /api/v1, the document says it needs a bearer token or the session cookie and can answer 401', () => {
    const admin = Object.entries(doc.paths).filter(
      // Signing in (password, single sign-on, setting a password from a link) is how a caller gets a credential.
      ([p]) => p.startsWith('/api/v1/') && !p.endsWith('/calendar.ics') && !PUBLIC_AUTH.includes(p),
    );
    expect(admin.length).toBeGreaterThan(25);
    for (const [path, item] of admin) {
      for (const [method, op] of Object.entries(item)) {
        const route = `${method} ${path}`;
        if (PUBLIC.includes(route)) continue;
        // Either scheme alone is enough (OpenAPI: alternatives in the security array).
        expect({ route, security: op.security }).toEqual({ route, security: [{ bearerAuth: [] }, { cookieAuth: [] }] });
        expect(Object.keys(op.responses)).toContain('401');
      }
    }
  });

  it('when a caller signs in, the document says login, set-password and single sign-on need no credential', () => {
    for (const route of PUBLIC) {
      const [method, path] = route.split(' ') as [string, string];
      expect({ route, security: doc.paths[path]?.[method]?.security }).toEqual({ route, security: [] });
    }
    const schemes = (doc as unknown as { components: { securitySchemes: Record<string, unknown> } }).components.securitySchemes;
    expect(schemes.cookieAuth).toEqual(expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'nightline_session' }));
  });

  it('when a client asks for the fatigue report, the document offers it as JSON or CSV', () => {
    const op = doc.paths['/api/v1/reports/fatigue']!.get! as unknown as {
      parameters: { name: string }[];
      responses: { 200: { content: Record<string, unknown> } };
    };
    expect(Object.keys(op.responses[200].content).sort()).toEqual(['application/json', 'text/csv']);
    expect(op.parameters.map((p) => p.name)).toContain('format');
  });

  it('when a request body is invalid, the document promises the { error: { code, message, details } } shape', () => {
    const op = doc.paths['/api/v1/users']!.post!;
    expect(op.responses['400']).toEqual(
      expect.objectContaining({
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      }),
    );
  });
});

describe('the interactive docs at /docs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('when a browser opens /docs, the page and its Swagger UI assets are served locally (no CDN)', async () => {
    const page = await request(t.app).get('/docs').expect(200).expect('content-type', /html/);
    const sources = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(sources.length).toBeGreaterThan(1);
    for (const src of sources) {
      expect(src.startsWith('/')).toBe(true);
      await request(t.app).get(src).expect(200);
    }
    const init = await request(t.app).get('/docs/init.js').expect(200);
    expect(init.text).toContain("'/openapi.json'");
  });
});
