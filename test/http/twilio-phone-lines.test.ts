import { createPolicy } from '../../src/db/escalation-policy.repository';
import { aScheduleInDb, aUserInDb, admin } from '../fixtures/alerting.builders';
import { aLevel as level } from '../fixtures/stack';
import { buildTwilioApp } from './twilio-harness';

let t: Awaited<ReturnType<typeof buildTwilioApp>>;
let api: ReturnType<typeof admin>;
let scheduleId: string;
let policyId: string;
beforeAll(async () => {
  t = await buildTwilioApp();
  api = admin(t);
  const alice = await aUserInDb(t.conn, { name: 'Alice' });
  scheduleId = (await aScheduleInDb(t.conn, [alice.id])).id;
  policyId = (await createPolicy(t.conn, { name: 'Line policy', levels: [level([{ type: 'schedule', id: scheduleId }])] })).id;
});
afterAll(async () => {
  await t?.close();
});

let n = 0;
const aNumber = () => `+1555777${String(++n).padStart(4, '0')}`;

describe('/api/v1/phone-lines', () => {
  it('creates a line with defaults, reads, lists, updates and deletes it', async () => {
    const number = aNumber();
    const created = await api.post('/phone-lines', { number, name: 'Acme Manufacturing', scheduleId });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      number,
      name: 'Acme Manufacturing',
      scheduleId,
      escalationPolicyId: null,
      greeting: null,
      emergencyPrompt: false,
      recordReason: false,
      ringTimeoutSeconds: 20,
      runbookId: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const id = created.body.id;
    expect((await api.get(`/phone-lines/${id}`)).body).toEqual(created.body);
    expect((await api.get('/phone-lines')).body.data.map((l: { id: string }) => l.id)).toContain(id);
    const patched = await api.patch(`/phone-lines/${id}`, { escalationPolicyId: policyId, emergencyPrompt: true, greeting: 'Acme after hours.' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ escalationPolicyId: policyId, emergencyPrompt: true, greeting: 'Acme after hours.', scheduleId });
    expect((await api.del(`/phone-lines/${id}`)).status).toBe(204);
    expect((await api.get(`/phone-lines/${id}`)).status).toBe(404);
  });

  // `S` stands for the real schedule id, which exists only once beforeAll has run.
  it.each([
    [{ name: 'x', scheduleId: 'S' }, 'number'],
    [{ number: '5551234', name: 'x', scheduleId: 'S' }, 'number'],
    [{ number: '+15557770999', name: '', scheduleId: 'S' }, 'name'],
    [{ number: '+15557770999', name: 'x' }, 'scheduleId: a phone line needs a scheduleId or an escalationPolicyId'],
    [{ number: '+15557770999', name: 'x', scheduleId: 'S', ringTimeoutSeconds: 2 }, 'ringTimeoutSeconds'],
    [{ number: '+15557770999', name: 'x', scheduleId: 'abc' }, 'scheduleId: must be a 24-hex-digit id'],
    [{ number: '+15557770999', name: 'x', scheduleId: 'S', colour: 'red' }, 'colour'],
  ])('rejects %j with a 400 naming %s', async (body, problem) => {
    const res = await api.post('/phone-lines', { ...body, ...((body as { scheduleId?: string }).scheduleId === 'S' ? { scheduleId } : {}) });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.message).toContain(problem);
  });

  it('rejects a schedule or policy that does not exist', async () => {
    const ghost = '0123456789abcdef01234567';
    const a = await api.post('/phone-lines', { number: aNumber(), name: 'x', scheduleId: ghost });
    expect(a.status).toBe(400);
    expect(a.body.error.details).toEqual([{ field: 'scheduleId', message: `unknown schedule ${ghost}` }]);
    const b = await api.post('/phone-lines', { number: aNumber(), name: 'x', escalationPolicyId: ghost });
    expect(b.body.error.details).toEqual([{ field: 'escalationPolicyId', message: `unknown escalation policy ${ghost}` }]);
  });

  it('a number belongs to one line (409), and an update cannot leave a line with nobody to ring', async () => {
    const number = aNumber();
    const line = (await api.post('/phone-lines', { number, name: 'One', scheduleId })).body;
    const dup = await api.post('/phone-lines', { number, name: 'Two', scheduleId });
    expect(dup.status).toBe(409);
    expect((await api.patch(`/phone-lines/${line.id}`, { scheduleId: null })).status).toBe(400);
    expect((await api.patch(`/phone-lines/${line.id}`, {})).status).toBe(400);
    expect((await api.patch('/phone-lines/0123456789abcdef01234567', { name: 'x' })).status).toBe(404);
  });

  it('requires the admin token', async () => {
    const res = await (await import('supertest')).default(t.app).get('/api/v1/phone-lines');
    expect(res.status).toBe(401);
  });
});
