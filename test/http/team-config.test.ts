import type { Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import request from 'supertest';
import { run } from '../../src/cli/main';
import { buildTestApp, type TestApp } from '../fixtures/app';
import { aPhone, userBody } from '../fixtures/builders';

jest.setTimeout(120_000);

interface Live {
  t: TestApp;
  server: Server;
  url: string;
}

async function live(): Promise<Live> {
  const t = await buildTestApp();
  const server = await new Promise<Server>((resolve) => {
    const s = t.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return { t, server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

/** Runs the real CLI entry point in-process against one of the live APIs. */
async function cli(l: Live, ...args: string[]) {
  let out = '';
  let err = '';
  const code = await run([...args, '--url', l.url, '--token', l.t.token], {
    out: (s) => (out += `${s}\n`),
    err: (s) => (err += `${s}\n`),
    now: () => new Date(),
  });
  return { code, out, err };
}

let a: Live;
let b: Live;
let dir: string;
beforeAll(async () => {
  [a, b] = await Promise.all([live(), live()]);
  dir = mkdtempSync(join(tmpdir(), 'nightline-team-'));
  const post = async (path: string, body: object) => (await request(a.t.app).post(`/api/v1${path}`).set('Authorization', `Bearer ${a.t.token}`).send(body).expect(201)).body;
  const alice = await post('/users', userBody({ name: 'Alice', email: 'alice@example.test', notificationPrefs: { channels: ['phone_call', 'sms'] } }));
  const bob = await post('/users', userBody({ name: 'Bob', email: 'bob@example.test' }));
  const schedule = await post('/schedules', {
    name: 'Platform primary',
    timezone: 'America/Chicago',
    rotationType: 'weekly',
    handoffTime: '09:00',
    handoffDay: 1,
    startDate: '2026-06-15',
    members: [{ userId: alice.id }, { userId: bob.id }],
  });
  const policy = await post('/escalation-policies', {
    name: 'Platform',
    levels: [
      { targets: [{ type: 'schedule', id: schedule.id }], delayMinutes: 5 },
      { targets: [{ type: 'user', id: bob.id }], delayMinutes: 10 },
    ],
  });
  await post('/services', { name: 'api-prod', escalationPolicyId: policy.id });
  const team = await post('/teams', { name: 'Platform team' });
  const admin = { Authorization: `Bearer ${a.t.token}` };
  await request(a.t.app).put(`/api/v1/teams/${team.id}/members/${alice.id}`).set(admin).send({ role: 'manager' }).expect(200);
  await request(a.t.app).put(`/api/v1/teams/${team.id}/members/${bob.id}`).set(admin).send({ role: 'responder' }).expect(200);
  await request(a.t.app).post('/api/v1/services').set(admin).set('X-Team-Id', team.id).send({ name: 'billing', escalationPolicyId: policy.id }).expect(201);
  await post('/phone-lines', { number: aPhone(), name: 'Acme hotline', scheduleId: schedule.id });
});
afterAll(async () => {
  for (const l of [a, b]) {
    await new Promise((r) => l?.server.close(r));
    await l?.t.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('configuration as code: nightline export and apply', () => {
  it('export writes people, schedules, policies, services and phone lines under names, with no ids or secrets', async () => {
    const r = await cli(a, 'export');
    expect(r.code).toBe(0);
    const doc = parse(r.out);
    expect(doc.users.map((u: { email: string }) => u.email)).toEqual(['alice@example.test', 'bob@example.test']);
    expect(doc.schedules[0]).toMatchObject({ name: 'Platform primary', members: [{ user: 'alice@example.test' }, { user: 'bob@example.test' }] });
    expect(doc.escalationPolicies[0].levels[0].targets).toEqual([{ type: 'schedule', schedule: 'Platform primary' }]);
    expect(doc.escalationPolicies[0].levels[1].targets).toEqual([{ type: 'user', user: 'bob@example.test' }]);
    expect(doc.services[0]).toMatchObject({ name: 'api-prod', team: 'Default', escalationPolicy: 'Platform' });
    expect(doc.services[1]).toMatchObject({ name: 'billing', team: 'Platform team', escalationPolicy: 'Platform' });
    expect(doc.schedules[0].team).toBe('Default');
    expect(doc.phoneLines[0]).toMatchObject({ name: 'Acme hotline', schedule: 'Platform primary' });
    expect(doc.teams).toEqual([
      { name: 'Default', members: [{ user: 'alice@example.test', role: 'responder' }, { user: 'bob@example.test', role: 'responder' }] },
      { name: 'Platform team', members: [{ user: 'alice@example.test', role: 'manager' }, { user: 'bob@example.test', role: 'responder' }] },
    ]);
    expect(r.out).not.toMatch(/\b[0-9a-f]{24}\b/);
    expect(r.out).not.toMatch(/routingKey|calendarFeed/);
  });

  it('applying the export to an empty server recreates everything, a second apply changes nothing, and both servers export the same file', async () => {
    const file = join(dir, 'team.yaml');
    expect((await cli(a, 'export', '-o', file)).code).toBe(0);
    const first = await cli(b, 'apply', '-f', file);
    expect(first.err).toBe('');
    expect(first.out).toContain('+ create user alice@example.test');
    expect(first.out).toContain('+ create escalation policy Platform');
    expect(first.out).toContain('+ create team Platform team (alice@example.test as manager, bob@example.test as responder)');
    // A person the API creates joins the default team as a responder; the plan, made before, says so too.
    expect(first.out).toContain('~ update team Default (alice@example.test as responder, bob@example.test as responder)');
    expect(first.out).toContain('Plan: 8 to create, 1 to update, 0 to delete.');
    const second = await cli(b, 'apply', '-f', file);
    expect(second.out.trim()).toBe('No changes: the server already matches the file.');
    expect((await cli(b, 'export')).out.trim()).toBe(readFileSync(file, 'utf8').trim());
  });

  it('an edited file gives a plan with the update and the delete, then applies them', async () => {
    const file = join(dir, 'edited.yaml');
    const doc = parse((await cli(b, 'export')).out);
    doc.schedules[0].handoffTime = '10:00';
    doc.phoneLines = [];
    writeFileSync(file, JSON.stringify(doc));
    const r = await cli(b, 'apply', '-f', file);
    expect(r.out).toContain('~ update schedule Platform primary (handoffTime)');
    expect(r.out).toMatch(/- delete phone line \+\d+/);
    expect(r.out).toContain('Applied 2 changes.');
    const after = parse((await cli(b, 'export')).out);
    expect(after.schedules[0].handoffTime).toBe('10:00');
    expect(after.phoneLines).toEqual([]);
    expect((await cli(b, 'apply', '-f', file)).out.trim()).toBe('No changes: the server already matches the file.');
  });

  it('an edited teams section changes a role, removes and adds members, creates a team, and the second apply changes nothing', async () => {
    const file = join(dir, 'teams.yaml');
    const doc = parse((await cli(b, 'export')).out);
    const platform = doc.teams.find((t: { name: string }) => t.name === 'Platform team');
    platform.members = [{ user: 'bob@example.test', role: 'manager' }];
    doc.teams.push({ name: 'Support', members: [{ user: 'bob@example.test', role: 'viewer' }] });
    writeFileSync(file, JSON.stringify(doc));
    const r = await cli(b, 'apply', '-f', file);
    expect(r.err).toBe('');
    expect(r.out.trim().split('\n')).toEqual([
      '~ update team Platform team (bob@example.test as manager, remove alice@example.test)',
      '+ create team Support (bob@example.test as viewer)',
      'Plan: 1 to create, 1 to update, 0 to delete.',
      'Applied 2 changes.',
    ]);
    const after = parse((await cli(b, 'export')).out);
    expect(after.teams).toEqual([
      { name: 'Default', members: [{ user: 'alice@example.test', role: 'responder' }, { user: 'bob@example.test', role: 'responder' }] },
      { name: 'Platform team', members: [{ user: 'bob@example.test', role: 'manager' }] },
      { name: 'Support', members: [{ user: 'bob@example.test', role: 'viewer' }] },
    ]);
    expect((await cli(b, 'apply', '-f', file)).out.trim()).toBe('No changes: the server already matches the file.');
  });

  it('a file moving a service to another team is refused at that change, since the API cannot move it', async () => {
    const file = join(dir, 'move.yaml');
    const doc = parse((await cli(b, 'export')).out);
    doc.services.find((x: { name: string }) => x.name === 'billing').team = 'Default';
    writeFileSync(file, JSON.stringify(doc));
    const r = await cli(b, 'apply', '-f', file);
    expect(r.out).toContain('~ update service billing (team)');
    expect(r.err).toContain('services billing: moving it to another team is not possible through the API');
    expect(parse((await cli(b, 'export')).out).services[1].team).toBe('Platform team');
  });

  it('a team naming an unknown person or a role that does not exist is refused with the line and the field', async () => {
    const file = join(dir, 'bad-team.yaml');
    const head = ['version: 1', 'users:', '  - email: a@example.test', '    name: A', '    phone: "+15551230000"', 'teams:', '  - name: Ops', '    members:'];
    writeFileSync(file, [...head, '      - user: zed@example.test', '        role: manager', ''].join('\n'));
    const unknown = await cli(b, 'apply', '-f', file);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain(`${file}:9: teams[0].members[0].user: no users entry named "zed@example.test" in this file`);
    writeFileSync(file, [...head, '      - user: a@example.test', '        role: boss', ''].join('\n'));
    const role = await cli(b, 'apply', '-f', file);
    expect(role.code).toBe(2);
    expect(role.err).toMatch(new RegExp(`${file}:10: teams\\[0\\]\\.members\\[0\\]\\.role: .*manager`));
    writeFileSync(file, ['version: 1', 'schedules:', '  - name: S', '    team: Nope', '    timezone: UTC', '    members: [{ user: a@example.test }]', 'users:', '  - email: a@example.test', '    name: A', '    phone: "+15551230000"', ''].join('\n'));
    expect((await cli(b, 'apply', '-f', file)).err).toContain(`${file}:4: schedules[0].team: no teams entry named "Nope" in this file`);
  });

  it('a bad file is refused before anything changes, naming the line and the field', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      ['version: 1', 'users:', '  - email: a@example.test', '    name: A', '    phone: "+15551230000"', 'schedules:', '  - name: S', '    timezone: UTC', '    members:', '      - user: zed@example.test', ''].join('\n'),
    );
    const r = await cli(b, 'apply', '-f', file);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${file}:10: schedules[0].members[0].user: no users entry named "zed@example.test" in this file`);
    writeFileSync(file, ['version: 1', 'services:', '  - name: x', ''].join('\n'));
    const missing = await cli(b, 'apply', '-f', file);
    expect(missing.err).toMatch(new RegExp(`${file}:3: services\\[0\\]\\.escalationPolicy: `));
  });
});
