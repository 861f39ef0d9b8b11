import { createAlertRepository } from '../../src/db/alert.repository';
import { aUserInDb } from '../fixtures/alerting.builders';
import { aPagedAlert, buildTwilioApp, twiml } from './twilio-harness';

/** Acknowledged means quiet: a page answered after the acknowledgement says who acked and when, and offers 3. */
let t: Awaited<ReturnType<typeof buildTwilioApp>>;
beforeAll(async () => {
  t = await buildTwilioApp();
});
afterAll(async () => {
  await t?.close();
});
beforeEach(() => {
  t.fake.reset();
});

let seq = 0;
const callSid = () => `CA${String(++seq).padStart(30, '0')}ak`;

async function acknowledgedPage(zone: string) {
  const bob = await aUserInDb(t.conn, { name: 'Bob', timezone: zone });
  const page = await aPagedAlert(t, bob);
  await createAlertRepository(t.conn).project(page.alertId, { status: 'acknowledged', acknowledgedBy: 'Alice', acknowledgedAt: '2026-03-10T03:12:00Z' }, []);
  return { ...page, bob };
}

it('a page call answered after the acknowledgement says who acknowledged it and when, in the listener’s zone, and offers 3 to resolve', async () => {
  const page = await acknowledgedPage('America/New_York');
  const xml = await twiml(t, page.path('/twilio/voice/page'), { CallSid: callSid(), AnsweredBy: 'human', CallStatus: 'in-progress' });
  expect(xml).toContain('This alert was already acknowledged by Alice at 23:12. Press 3 to resolve it, or hang up.');
  expect(xml).not.toContain('Press 1 to acknowledge');
  expect(xml.match(/<Gather/g)).toHaveLength(1); // said once: the menu is not replayed
});

it('pressing 3 on that call resolves the alert as the person who answered', async () => {
  const page = await acknowledgedPage('UTC');
  t.fake.next.result = { ok: true, status: 'resolved', message: 'resolved by Bob' };
  expect(await twiml(t, page.path('/twilio/voice/page/digits'), { CallSid: callSid(), Digits: '3' })).toContain('Resolved. Thank you.');
  expect(t.fake.of('resolve').map((c) => c.args)).toEqual([[page.alertId, { name: 'Bob', userId: page.bob.id }, 'phone']]);
});

it('any other key on that call changes nothing and ends it instead of replaying the menu', async () => {
  const page = await acknowledgedPage('UTC');
  for (const digit of ['1', '2', '9']) {
    const xml = await twiml(t, page.path('/twilio/voice/page/digits'), { CallSid: callSid(), Digits: digit });
    expect(xml).toContain('This alert is acknowledged by Alice. Nothing changed. Goodbye.');
    expect(xml).not.toContain('<Gather');
  }
  expect(t.fake.calls.filter((c) => c.method !== 'notificationOutcome')).toEqual([]);
});
