import { startStack, type Stack } from '../fixtures/stack';

/** The dev phone places a call to a phone line as a customer would, and reports what the caller heard. */

jest.setTimeout(90_000);

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(async () => {
  await s?.stop();
});

type Progress = { status: string; heard: string[]; pressed: string[]; rang: { numbers: string[]; result: string }[] };

async function progressUntilEnded(sid: string): Promise<Progress> {
  for (let i = 0; i < 200; i++) {
    const p = (await s.api.get(`/dev-phone/calls/${sid}`)).body as Progress;
    if (['completed', 'failed', 'busy', 'no-answer', 'canceled'].includes(p.status)) return p;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`call ${sid} did not end`);
}

describe('dev phone: call a phone line', () => {
  it("the caller hears the line's greeting and emergency menu, presses 1 and is put through to the on-call person", async () => {
    const alice = await s.aUser('Alice');
    const schedule = await s.aSchedule([alice.id]);
    const line = await s.aLine({ scheduleId: schedule.id, emergencyPrompt: true, greeting: 'You have reached Acme after hours.' });
    s.sim.phone(alice.phone).answers({ pressDigits: ['1'], hangUpAfterSeconds: 20 });

    const placed = await s.api.post(`/dev-phone/lines/${line.id}/call`, { pressDigits: ['1'] });
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ to: line.number, line: 'Acme Manufacturing' });
    const p = await progressUntilEnded(placed.body.sid);
    expect(p.heard.join(' ')).toContain('You have reached Acme after hours.');
    expect(p.pressed).toContain('1');
    expect(p.rang).toEqual([{ numbers: [alice.phone], result: 'completed' }]);
  });

  it('a line that does not exist is a 404, and a key that is not a key is a 400 naming pressDigits', async () => {
    expect((await s.api.post('/dev-phone/lines/665f1c2b9d3e4a0012345678/call', {})).status).toBe(404);
    const bad = await s.api.post('/dev-phone/lines/665f1c2b9d3e4a0012345678/call', { pressDigits: ['12'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('pressDigits');
  });
});
