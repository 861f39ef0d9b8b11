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
    expect(doc.services[0]).toMatchObject({ name: 'api-prod', escalationPolicy: 'Platform' });
    expect(doc.phoneLines[0]).toMatchObject({ name: 'Acme hotline', schedule: 'Platform primary' });
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
    expect(first.out).toContain('Plan: 6 to create, 0 to update, 0 to delete.');
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
