import { capturedLogger } from '../fixtures/log-capture';
import { startStack, type Stack } from '../fixtures/stack';

jest.setTimeout(60_000);

const cap = capturedLogger('info');
let s: Stack;
beforeAll(async () => {
  s = await startStack({ log: cap.log });
});
afterAll(async () => {
  await s?.stop();
});

describe('paging logs', () => {
  it('each page is logged with its alert and workflow ids, and the number paged is masked', async () => {
    const alice = await s.aUser('Alice');
    s.sim.phone(alice.phone).answers({ pressDigits: ['1'] });
    const id = await s.trigger((await s.aPolicy([[{ type: 'user', id: alice.id }]])).id);
    await s.waitForAlert(id, (a) => expect(a.status).toBe('acknowledged'));

    const page = cap.lines().find((l) => l.msg === 'page sent by phone_call');
    expect(page).toMatchObject({ component: 'paging', alertId: id, workflowId: `alert:${id}`, channel: 'phone_call', outcome: 'sent' });
    // The call's webhooks are request lines with request ids; none of them shows Alice's full number.
    const webhooks = cap.lines().filter((l) => typeof (l.req as { url?: string } | undefined)?.url === 'string' && (l.req as { url: string }).url.startsWith('/twilio/'));
    expect(webhooks.length).toBeGreaterThan(0);
    for (const w of webhooks) expect(w.reqId).toEqual(expect.any(String));
    expect(cap.text()).not.toContain(alice.phone);
  });
});
