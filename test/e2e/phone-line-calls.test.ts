import { startStack, type Stack } from '../fixtures/stack';

/** GET /api/v1/phone-lines/:id/calls: what the console's phone-line page shows, from real calls through the simulator. */

jest.setTimeout(90_000);

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(async () => {
  await s?.stop();
});

type LineCall = { from: string; answeredBy: string | null; voicemailUrl: string | null; transcription: string | null; hops: { action: string }[] };
const callsOf = async (lineId: string): Promise<LineCall[]> => (await s.api.get(`/phone-lines/${lineId}/calls`)).body.data;

describe("a phone line's recent calls", () => {
  it('list the caller, who answered, and for a missed call the voicemail link and its transcription, newest first', async () => {
    const alice = await s.aUser('Alice');
    const schedule = await s.aSchedule([alice.id]);
    const line = await s.aLine({ scheduleId: schedule.id });

    s.sim.phone(alice.phone).answers({ pressDigits: ['1'], hangUpAfterSeconds: 30 });
    await s.sim.records.waitForCallEnd(s.sim.placeInboundCall({ from: '+15552230001', to: line.number }).sid, 20_000);

    s.sim.phone(alice.phone).ringOut();
    const words = 'The loading dock door is stuck open.';
    await s.sim.records.waitForCallEnd(
      s.sim.placeInboundCall({ from: '+15552230002', to: line.number, script: { record: { seconds: 6, transcription: words, endWith: '#' } } }).sid,
      20_000,
    );

    // The transcription webhook lands a moment after the call ends.
    let calls = await callsOf(line.id);
    for (let i = 0; i < 100 && !(calls.length === 2 && calls[0]?.transcription); i++) {
      await new Promise((r) => setTimeout(r, 150));
      calls = await callsOf(line.id);
    }
    expect(calls.map((c) => c.from)).toEqual(['+15552230002', '+15552230001']);
    expect(calls[1]).toMatchObject({ answeredBy: 'Alice', voicemailUrl: null });
    expect(calls[0]).toMatchObject({ answeredBy: null, transcription: words });
    expect(calls[0]!.voicemailUrl).toMatch(/^https?:\/\//);
    expect(calls[0]!.hops.map((h) => h.action)).toContain('voicemail_left');
  });

  it('for an unknown line the answer is 404, and a bad limit is a 400 naming it', async () => {
    expect((await s.api.get('/phone-lines/665f1c2b9d3e4a0012345678/calls')).status).toBe(404);
    const line = await s.aLine({ scheduleId: (await s.aSchedule([(await s.aUser('Bob')).id])).id });
    const bad = await s.api.get(`/phone-lines/${line.id}/calls?limit=0`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/limit/);
  });
});
