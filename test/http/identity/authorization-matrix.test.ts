import request from 'supertest';
import { listRoutes, type RouteEntry } from '../../../src/http/identity/route-table';
import { ROUTE_RULES, type Access } from '../../../src/http/identity/route-rules';
import { buildTestApp, type TestApp } from '../../fixtures/app';
import { buildPeople, buildResources, fillPath, PERSONAS, type Ids, type People, type Persona } from '../../fixtures/identity-world';

/**
 * The authorization matrix, generated from the app's own route table: every route, tried as every persona,
 * against resources owned by team A. The expected answers below are written out from the role rules,
 * independently of the guard's code.
 */

const SIGNED_IN: Persona[] = ['token scoped to team B', 'viewer A', 'responder B', 'responder A', 'manager A', 'admin'];
const UNAUTHENTICATED: Persona[] = ['anonymous', 'revoked token', 'expired token'];

function allowedFor(a: Access): Persona[] {
  switch (a.kind) {
    case 'signed-in':
      return SIGNED_IN;
    case 'admin':
      return ['admin'];
    case 'any-team':
      return {
        viewer: ['viewer A', 'responder B', 'responder A', 'manager A', 'admin'],
        responder: ['responder B', 'responder A', 'manager A', 'admin'],
        manager: ['manager A', 'admin'],
        admin: ['admin'],
      }[a.need] as Persona[];
    case 'team':
      return {
        viewer: ['viewer A', 'responder A', 'manager A', 'admin'],
        responder: ['responder A', 'manager A', 'admin'],
        manager: ['manager A', 'admin'],
        admin: ['admin'],
      }[a.need] as Persona[];
    case 'create':
      return ['manager A', 'admin'];
    case 'schedule-member':
      return ['responder A', 'manager A', 'admin'];
    case 'person':
      if (a.need === 'viewer') return ['viewer A', 'responder A', 'manager A', 'admin'];
      // "Send me a test call": the person themself (responder A) or an admin, not their manager.
      if (a.need === 'admin') return a.self ? ['responder A', 'admin'] : ['admin'];
      return a.self ? ['responder A', 'manager A', 'admin'] : ['manager A', 'admin'];
    default:
      return PERSONAS.slice();
  }
}

const key = (r: RouteEntry) => `${r.method} ${r.path}`;
const ruleFor = (r: RouteEntry) => ROUTE_RULES[key(r)] ?? (r.path.startsWith('/twilio/') ? ROUTE_RULES['POST /twilio/*path'] : undefined);

describe('authorization matrix', () => {
  let t: TestApp;
  let people: People;
  let ids: Ids;
  let routes: RouteEntry[];

  beforeAll(async () => {
    t = await buildTestApp();
    routes = listRoutes(t.app);
    people = await buildPeople(t);
    ids = await buildResources(t, people);
  }, 120_000);
  afterAll(() => t.close());

  it('every route the app serves has a rule in route-rules.ts (a new route without one fails here)', () => {
    expect(routes.length).toBeGreaterThan(60);
    expect(routes.filter((r) => !ruleFor(r)).map(key)).toEqual([]);
  });

  it('every route answers each persona as the role rules say: allowed, 401 or 403', async () => {
    const wrong: string[] = [];
    let tried = 0;
    for (const route of routes) {
      const access = ruleFor(route)?.access;
      if (!access || access.kind === 'public' || access.kind === 'own-auth') continue;
      const allowed = new Set(allowedFor(access));
      let changed = false;
      for (const persona of PERSONAS) {
        // Deleting a person or a membership uses a spare viewer, so the personas themselves survive.
        const spare = route.method === 'DELETE' && route.path === '/api/v1/users/:id';
        const path = fillPath(route.path, spare ? { ...ids, users: ids.userId! } : ids);
        let req = request(t.app)[route.method.toLowerCase() as 'get'](path).set(people.headers[persona]);
        if (route.method !== 'GET') req = req.send({});
        const res = await req;
        tried++;
        const expected = UNAUTHENTICATED.includes(persona) ? 401 : allowed.has(persona) ? 'allowed' : 403;
        const ok = expected === 'allowed' ? ![401, 403].includes(res.status) && res.status < 500 || res.status === 503 : res.status === expected;
        if (!ok) wrong.push(`${key(route)} as ${persona}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body?.error ?? '')}`);
        if (route.method === 'DELETE' && res.status < 300) changed = true;
      }
      if (changed) ids = await buildResources(t, people);
    }
    expect(wrong).toEqual([]);
    expect(tried).toBeGreaterThan(500);
  }, 300_000);
});
