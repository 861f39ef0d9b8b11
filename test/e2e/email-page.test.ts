import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { actionLinkSecret, signActionLink } from '../../src/channels/action-links';
import { mailpitSmtpUrl, messagesTo, waitForEmailTo } from '../fixtures/mailpit';
import { startStack, type Stack } from '../fixtures/stack';
import { aPhone } from '../fixtures/builders';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ env: { SMTP_URL: mailpitSmtpUrl(), EMAIL_FROM: 'Nightline <pager@nightline.test>' } });
});

afterAll(async () => {
  await stack?.stop();
});

/** A person of this test file only (Mailpit is shared by every test file of the run). */
async function aPersonByEmail(name: string, channels: string[], quietHours?: { start: string; end: string }) {
  const email = `${name.toLowerCase()}-${randomBytes(5).toString('hex')}@mail.test`;
  const phone = aPhone();
  const res = await stack.api.post('/users', { name, email, phone, timezone: 'UTC', notificationPrefs: { channels, ...(quietHours ? { quietHours } : {}) } });
  if (res.status !== 201) throw new Error(`POST /users → ${res.status}: ${JSON.stringify(res.body)}`);
  return { id: res.body.id as string, email, phone };
}

const linkIn = (text: string, label: 'Acknowledge' | 'Resolve') => {
  const m = new RegExp(`${label}: (\\S+)`).exec(text);
  if (!m?.[1]) throw new Error(`no ${label} link in:\n${text}`);
  return new URL(m[1]);
};

/** The confirm page's form: where it posts, how, and the token it carries in its body. */
const formIn = (html: string) => {
  const m = /<form method="(\w+)" action="([^"]+)"><input type="hidden" name="token" value="([^"]+)">/.exec(html);
  if (!m) throw new Error(`no confirm form in:\n${html}`);
  return { method: m[1]!, action: m[2]!, token: m[3]! };
};

describe('page emails', () => {
  test('a page email arrives in Mailpit, and clicking its acknowledge link acknowledges the alert', async () => {
    const alice = await aPersonByEmail('Alice', ['phone_call', 'email']);
    const policy = await stack.aPolicy([[{ type: 'user', id: alice.id }]]);
    const alertId = await stack.trigger(policy.id, { title: 'Checkout is down', severity: 'critical' });

    const mail = await waitForEmailTo(alice.email);
    expect(mail.Subject).toBe('[Nightline] CRITICAL: Checkout is down');
    expect(mail.HTML).toContain('>Acknowledge</a>');
    const ack = linkIn(mail.Text, 'Acknowledge');
    expect(ack.origin).toBe(stack.url);

    // A mail scanner (or the person) opening the link only gets the confirm page: nothing is acknowledged.
    const opened = await request(stack.url).get(ack.pathname);
    expect(opened.status).toBe(200);
    expect(opened.text).toContain('Acknowledge this alert?');
    expect(opened.text).toContain('Checkout is down');
    const form = formIn(opened.text);
    expect(form.action).toBe('/channels/email/actions');
    expect(form.method).toBe('post');
    expect((await stack.alert(alertId)).status).toBe('triggered');

    const pressed = await request(stack.url).post(form.action).type('form').send({ token: form.token });
    expect(pressed.status).toBe(200);
    expect(pressed.text).toContain('Alert acknowledged');
    const a = await stack.waitForAlert(alertId, (v) => expect(v.status).toBe('acknowledged'));
    expect(a.timeline.find((e) => e.action === 'acknowledged')?.actor).toBe('Alice');
    expect(a.timeline.some((e) => e.action === 'email_sent')).toBe(true);
    // Audited as Alice's own action, under her user ID.
    const audit = await stack.api.get(`/audit?resource=alert&resourceId=${alertId}`);
    expect((audit.body.items as { via: string }[]).filter((e) => e.via === 'email')).toEqual([
      expect.objectContaining({ action: 'acknowledge alert via email', actor: { userId: alice.id, tokenId: null, name: 'Alice' } }),
    ]);

    const reopened = await request(stack.url).get(ack.pathname);
    expect(reopened.status).toBe(409);
    expect(reopened.text).toContain('This link has already been used');
    const pressedAgain = await request(stack.url).post(form.action).type('form').send({ token: form.token });
    expect(pressedAgain.status).toBe(409);
    expect(pressedAgain.text).toContain('This link has already been used');
  });

  test('when a mail scanner fetches every link of a page email many times, the alert stays open', async () => {
    const hal = await aPersonByEmail('Hal', ['email']);
    const policy = await stack.aPolicy([[{ type: 'user', id: hal.id }]]);
    const alertId = await stack.trigger(policy.id, { title: 'Payments slow', severity: 'high' });
    const mail = await waitForEmailTo(hal.email);
    for (const label of ['Acknowledge', 'Resolve', 'Acknowledge'] as const) {
      const res = await request(stack.url).get(linkIn(mail.Text, label).pathname);
      expect(res.status).toBe(200);
      expect(res.text).toContain(`${label} this alert?`);
    }
    expect((await stack.alert(alertId)).status).toBe('triggered');
  });

  test('a press without a token, or with a damaged one, is refused with a clear page', async () => {
    const none = await request(stack.url).post('/channels/email/actions').type('form').send({});
    expect(none.status).toBe(400);
    expect(none.text).toContain('This link is not valid');
    const damaged = await request(stack.url).post('/channels/email/actions').type('form').send({ token: 'abc.def' });
    expect(damaged.status).toBe(400);
    expect(damaged.text).toContain('This link is not valid');
  });

  test('the resolve link of the same email resolves the alert', async () => {
    const bob = await aPersonByEmail('Bob', ['email']);
    const policy = await stack.aPolicy([[{ type: 'user', id: bob.id }]]);
    const alertId = await stack.trigger(policy.id, { title: 'Queue backlog', severity: 'high' });
    const mail = await waitForEmailTo(bob.email);
    const opened = await request(stack.url).get(linkIn(mail.Text, 'Resolve').pathname);
    expect(opened.text).toContain('Resolve this alert?');
    const res = await request(stack.url).post('/channels/email/actions').type('form').send({ token: formIn(opened.text).token });
    expect(res.status).toBe(200);
    expect(res.text).toContain('Alert resolved');
    await stack.waitForAlert(alertId, (v) => expect(v.status).toBe('resolved'));
  });

  test('an expired link is refused with a clear page, and the alert stays open', async () => {
    const carol = await aPersonByEmail('Carol', ['phone_call']);
    const policy = await stack.aPolicy([[{ type: 'user', id: carol.id }]]);
    const alertId = await stack.trigger(policy.id, { title: 'Disk full', severity: 'critical' });
    const token = signActionLink(actionLinkSecret(stack.config), { alertId, action: 'acknowledge', userId: carol.id, exp: Date.now() - 1_000 });
    const res = await request(stack.url).get(`/channels/email/actions/${token}`);
    expect(res.status).toBe(410);
    expect(res.text).toContain('This link has expired');
    // A confirm page opened before the link expired does not help either: the press is checked again.
    const pressed = await request(stack.url).post('/channels/email/actions').type('form').send({ token });
    expect(pressed.status).toBe(410);
    expect(pressed.text).toContain('This link has expired');
    expect((await stack.alert(alertId)).status).toBe('triggered');
  });

  test('a link signed with another key is refused as not valid', async () => {
    const dave = await aPersonByEmail('Dave', ['phone_call']);
    const policy = await stack.aPolicy([[{ type: 'user', id: dave.id }]]);
    const alertId = await stack.trigger(policy.id, { title: 'Cache cold', severity: 'critical' });
    const forged = signActionLink('x'.repeat(64), { alertId, action: 'resolve', userId: dave.id, exp: Date.now() + 60_000 });
    const res = await request(stack.url).get(`/channels/email/actions/${forged}`);
    expect(res.status).toBe(400);
    expect(res.text).toContain('This link is not valid');
    const pressed = await request(stack.url).post('/channels/email/actions').type('form').send({ token: forged });
    expect(pressed.status).toBe(400);
    expect((await stack.alert(alertId)).status).toBe('triggered');
  });

  test('a person who chose email but whose alert is low severity during the day is emailed and not texted', async () => {
    const erin = await aPersonByEmail('Erin', ['email']);
    const policy = await stack.aPolicy([[{ type: 'user', id: erin.id }]]);
    await stack.trigger(policy.id, { title: 'Certificate expires in 20 days', severity: 'low' });
    const mail = await waitForEmailTo(erin.email);
    expect(mail.Subject).toBe('[Nightline] LOW: Certificate expires in 20 days');
    expect(await messagesTo(erin.email)).toHaveLength(1);
    expect(stack.textsTo(erin.phone)).toEqual([]);
  });

  describe('during quiet hours', () => {
    // Quiet from an hour ago to two hours from now (UTC wall clock), whenever the test runs.
    const hhmm = (offsetHours: number) => new Date(Date.now() + offsetHours * 3_600_000).toISOString().slice(11, 16);
    const quiet = () => ({ start: hhmm(-1), end: hhmm(2) });

    test('a medium alert by email waits: nothing is sent and the timeline says paging waits', async () => {
      const fay = await aPersonByEmail('Fay', ['email'], quiet());
      const policy = await stack.aPolicy([[{ type: 'user', id: fay.id }]]);
      const alertId = await stack.trigger(policy.id, { title: 'Backups slow', severity: 'medium' });
      const a = await stack.waitForAlert(alertId, (v) => expect(v.timeline.map((e) => e.action)).toContain('deferred'));
      expect(a.timeline.find((e) => e.action === 'deferred')?.details).toMatch(/quiet hours: paging waits until/);
      expect(await messagesTo(fay.email)).toEqual([]);
    });

    test('a critical alert by email goes through all the same', async () => {
      const gus = await aPersonByEmail('Gus', ['email'], quiet());
      const policy = await stack.aPolicy([[{ type: 'user', id: gus.id }]]);
      await stack.trigger(policy.id, { title: 'Site down', severity: 'critical' });
      expect((await waitForEmailTo(gus.email)).Subject).toBe('[Nightline] CRITICAL: Site down');
    });
  });
});
