import twilio from 'twilio';
import { BaseUrlRequestClient } from '../../src/telephony/twilio-provider';
import { ACCOUNT_SID, AUTH_TOKEN } from './fake-nightline';
import { ONCALL_PHONE, SECONDARY_PHONE, useTelephonyHarness } from './harness';

/** The list filters a reconcile relies on, read through the real SDK as production reads Twilio. */
const h = useTelephonyHarness();
const sdk = () => twilio(ACCOUNT_SID, AUTH_TOKEN, { env: {}, httpClient: new BaseUrlRequestClient(h.sim.baseUrl) });

describe('Twilio simulator: list filters', () => {
  it('filters calls by To and by StartTime, leaving out calls that never started', async () => {
    h.sim.phone(ONCALL_PHONE).script({ answer: 'human', hangUpAfterSeconds: 1 });
    const answered = await h.provider.placeCall({ to: ONCALL_PHONE, url: h.app.url('/twilio/voice'), statusCallback: h.app.url('/s') });
    await h.sim.records.waitForCallEnd(answered.sid);
    await h.provider.placeCall({ to: SECONDARY_PHONE, url: h.app.url('/twilio/voice'), statusCallback: h.app.url('/s') });
    const hourAgo = new Date(Date.now() - 3_600_000);

    const toOncall = await sdk().calls.list({ to: ONCALL_PHONE, startTimeAfter: hourAgo });
    expect(toOncall.map((c) => c.sid)).toEqual([answered.sid]);
    expect(await sdk().calls.list({ to: ONCALL_PHONE, startTimeAfter: new Date(Date.now() + 60_000) })).toEqual([]);
    // The secondary phone rang out unanswered: it has no StartTime, so a StartTime filter leaves it out.
    expect(await sdk().calls.list({ to: SECONDARY_PHONE, startTimeAfter: hourAgo })).toEqual([]);
    expect(await sdk().calls.list({ to: SECONDARY_PHONE })).toHaveLength(1);
  });

  it('filters messages by To and DateSent', async () => {
    const sent = await h.provider.sendSms({ to: ONCALL_PHONE, body: 'page' });
    await h.provider.sendSms({ to: SECONDARY_PHONE, body: 'other' });
    await new Promise((r) => setTimeout(r, 300));
    const list = await sdk().messages.list({ to: ONCALL_PHONE, dateSentAfter: new Date(Date.now() - 60_000) });
    expect(list.map((m) => m.sid)).toEqual([sent.sid]);
    expect(await sdk().messages.list({ to: ONCALL_PHONE, dateSentBefore: new Date(Date.now() - 60_000) })).toEqual([]);
  });

  it('findRecent returns the calls to a number created since an instant, started or not', async () => {
    const before = await h.provider.placeCall({ to: SECONDARY_PHONE, url: h.app.url('/twilio/voice'), statusCallback: h.app.url('/s') });
    const since = new Date(Date.now() + 1_100); // rfc2822 dates have whole seconds
    await new Promise((r) => setTimeout(r, 2_200));
    const after = await h.provider.placeCall({ to: SECONDARY_PHONE, url: h.app.url('/twilio/voice'), statusCallback: h.app.url('/s') });
    const found = await h.provider.findRecent({ kind: 'call', to: SECONDARY_PHONE, since });
    expect(found.map((c) => c.sid)).toEqual([after.sid]);
    expect(found.map((c) => c.sid)).not.toContain(before.sid);
  });
});
