import { randomBytes } from 'node:crypto';
import { startSlackStandIn, type SlackStandIn, type StandInMessage } from '../../src/channels/slack-standin/slack-standin';
import { eventually } from '../fixtures/alerting.builders';
import { aPhone } from '../fixtures/builders';
import { freePort, startStack, type Stack } from '../fixtures/stack';

const BOT_TOKEN = 'xoxb-standin-token-0123456789';
const SIGNING_SECRET = 'standin-signing-secret-0123456789';

let stack: Stack;
let slack: SlackStandIn;

beforeAll(async () => {
  // The stand-in must know where Nightline listens, and Nightline where the stand-in is: fix the port first.
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  slack = await startSlackStandIn({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, interactionsUrl: `${url}/slack/interactions`, commandsUrl: `${url}/slack/commands` });
  stack = await startStack({ port, env: { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl } });
});

afterAll(async () => {
  await stack?.stop();
  await slack?.stop();
});

/** A Nightline user who is also in the Slack workspace under the same email. */
async function aSlackPerson(name: string) {
  const email = `${name.toLowerCase()}-${randomBytes(4).toString('hex')}@slack.test`;
  const res = await stack.api.post('/users', { name, email, phone: aPhone(), timezone: 'UTC', notificationPrefs: { channels: ['phone_call', 'slack'] } });
  expect(res.status).toBe(201);
  const slackUser = slack.addUser({ id: `U${randomBytes(4).toString('hex').toUpperCase()}`, email, name });
  return { id: res.body.id as string, slackId: slackUser.id, email };
}

async function anAlertInChannel(channel: string, title: string) {
  const alice = await aSlackPerson('Alice');
  const policy = await stack.aPolicy([[{ type: 'user', id: alice.id }]]);
  const service = await stack.api.post('/services', { name: `Svc ${title}`, escalationPolicyId: policy.id });
  expect((await stack.api.put(`/services/${service.body.id}/slack`, { channel })).status).toBe(200);
  const alertId = await stack.trigger(policy.id, { serviceId: service.body.id, title });
  return { alice, alertId };
}

const buttons = (m: StandInMessage) => m.blocks.flatMap((b) => (b.type === 'actions' ? (b.elements as { action_id: string }[]) : [])).map((e) => e.action_id);

describe('Slack', () => {
  test('an alert posts to its service channel and DMs the person paged; pressing Acknowledge acknowledges it and the messages change', async () => {
    const { alice, alertId } = await anAlertInChannel('C0PLATFORM', 'API latency high');
    const post = await eventually(() => slack.messagesIn('C0PLATFORM').find((m) => m.text.includes('API latency high')) ?? Promise.reject(new Error('no post yet')), 20_000, 100);
    expect(buttons(post)).toEqual(['nightline_acknowledge', 'nightline_resolve', 'nightline_escalate']);
    const dm = await eventually(() => slack.messagesIn(slack.dmChannelOf(alice.slackId))[0] ?? Promise.reject(new Error('no DM yet')), 20_000, 100);
    expect(dm.text).toContain('API latency high');

    const pressed = await slack.press(post, 'nightline_acknowledge', alice.slackId);
    expect(pressed.status).toBe(200);
    const a = await stack.waitForAlert(alertId, (v) => expect(v.status).toBe('acknowledged'));
    expect(a.timeline.find((e) => e.action === 'acknowledged')).toMatchObject({ actor: 'Alice' });
    // The press is in the audit log, as an acknowledge through the API would be, under the person's user ID.
    const pressEntry = expect.objectContaining({ action: 'acknowledge alert via slack', actor: { userId: alice.id, tokenId: null, name: 'Alice' }, after: { status: 'acknowledged', currentLevel: 0 } });
    await eventually(async () => {
      const audit = await stack.api.get(`/audit?resource=alert&resourceId=${alertId}`);
      expect(audit.status).toBe(200);
      expect((audit.body.items as { via: string }[]).filter((e) => e.via === 'slack')).toEqual([pressEntry]);
    }, 10_000, 100);
    const byAlice = await stack.api.get(`/audit?userId=${alice.id}`);
    expect(byAlice.body.items).toEqual([pressEntry]);

    await eventually(() => {
      expect(post.text).toContain('acknowledged');
      expect(buttons(post)).toEqual(['nightline_resolve']);
      expect(dm.text).toContain('acknowledged');
    }, 20_000, 100);
    expect(post.history).toHaveLength(1);
  });

  test('an alert without a service still updates the DM of the person paged in place when it is acknowledged, then resolved', async () => {
    const bob = await aSlackPerson('Bob');
    const policy = await stack.aPolicy([[{ type: 'user', id: bob.id }]]);
    const alertId = await stack.trigger(policy.id, { title: 'Cron job late' });
    const dm = await eventually(() => slack.messagesIn(slack.dmChannelOf(bob.slackId))[0] ?? Promise.reject(new Error('no DM yet')), 20_000, 100);
    expect(dm.text).toContain('Cron job late');
    expect(buttons(dm)).toEqual(['nightline_acknowledge', 'nightline_resolve', 'nightline_escalate']);

    expect((await slack.press(dm, 'nightline_acknowledge', bob.slackId)).status).toBe(200);
    await stack.waitForAlert(alertId, (v) => expect(v.status).toBe('acknowledged'));
    await eventually(() => {
      expect(dm.text).toContain('acknowledged');
      expect(buttons(dm)).toEqual(['nightline_resolve']);
    }, 20_000, 100);

    expect((await stack.api.post(`/alerts/${alertId}/resolve`, {})).status).toBe(200);
    await eventually(() => {
      expect(dm.text).toContain('resolved');
      expect(buttons(dm)).toEqual([]);
    }, 20_000, 100);
    expect(slack.messagesIn(slack.dmChannelOf(bob.slackId))).toHaveLength(1); // updated in place, never reposted
  });

  test('a press with a forged signature gets 401 and does nothing', async () => {
    const { alice, alertId } = await anAlertInChannel('C0FORGED', 'Disk almost full');
    const post = await eventually(() => slack.messagesIn('C0FORGED')[0] ?? Promise.reject(new Error('no post yet')), 20_000, 100);
    const body = slack.buttonPressBody(post, 'nightline_acknowledge', alice.slackId);
    const forged = await slack.signedPost(`${stack.url}/slack/interactions`, body, undefined, 'not-the-signing-secret');
    expect(forged.status).toBe(401);
    const stale = await slack.signedPost(`${stack.url}/slack/interactions`, body, String(Math.floor(Date.now() / 1000) - 6 * 60));
    expect(stale.status).toBe(401);
    expect((await stack.alert(alertId)).status).toBe('triggered');
  });

  test('a replayed press does nothing: a later resolve is not undone, and the second answer says so', async () => {
    const { alice, alertId } = await anAlertInChannel('C0REPLAY', 'Queue stuck');
    const post = await eventually(() => slack.messagesIn('C0REPLAY')[0] ?? Promise.reject(new Error('no post yet')), 20_000, 100);
    const body = slack.buttonPressBody(post, 'nightline_resolve', alice.slackId);
    const ts = String(Math.floor(Date.now() / 1000));
    expect((await slack.signedPost(`${stack.url}/slack/interactions`, body, ts)).status).toBe(200);
    await stack.waitForAlert(alertId, (v) => expect(v.status).toBe('resolved'));
    const again = await slack.signedPost(`${stack.url}/slack/interactions`, body, ts);
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body).text).toBe('This request was already handled.');
    const a = await stack.alert(alertId);
    expect(a.timeline.filter((e) => e.action === 'resolved')).toHaveLength(1);
  });

  test('a press by a Slack user whose email is not a Nightline user is refused politely and does nothing', async () => {
    const { alertId } = await anAlertInChannel('C0STRANGER', 'Login errors');
    const post = await eventually(() => slack.messagesIn('C0STRANGER')[0] ?? Promise.reject(new Error('no post yet')), 20_000, 100);
    const stranger = slack.addUser({ id: 'USTRANGER1', email: 'stranger@elsewhere.test', name: 'Stranger' });
    const res = await slack.press(post, 'nightline_acknowledge', stranger.id);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).text).toMatch(/not a Nightline user/);
    expect((await stack.alert(alertId)).status).toBe('triggered');
  });

  test('pressing Escalate moves the alert up one level and the post shows the new level', async () => {
    const alice = await aSlackPerson('Alice');
    const bob = await aSlackPerson('Bob');
    const policy = await stack.aPolicy([[{ type: 'user', id: alice.id }], [{ type: 'user', id: bob.id }]]);
    const service = await stack.api.post('/services', { name: 'Svc escalate', escalationPolicyId: policy.id });
    await stack.api.put(`/services/${service.body.id}/slack`, { channel: 'C0ESCALATE' });
    const alertId = await stack.trigger(policy.id, { serviceId: service.body.id, title: 'Replica lag' });
    const post = await eventually(() => slack.messagesIn('C0ESCALATE')[0] ?? Promise.reject(new Error('no post yet')), 20_000, 100);
    expect((await slack.press(post, 'nightline_escalate', alice.slackId)).status).toBe(200);
    await stack.waitForAlert(alertId, (v) => expect(v.currentLevel).toBe(1));
    await eventually(() => expect(JSON.stringify(post.blocks)).toContain('level 2'), 20_000, 100);
    // Bob, on the next level, is now paged on Slack too.
    await eventually(() => expect(slack.messagesIn(slack.dmChannelOf(bob.slackId))).toHaveLength(1), 20_000, 100);
  });

  test('/oncall answers who is on call now and who is next', async () => {
    const alice = await aSlackPerson('Alice');
    const bob = await aSlackPerson('Bob');
    const name = `Platform ${randomBytes(3).toString('hex')}`;
    await stack.aSchedule([alice.id, bob.id], { name });
    const res = await slack.command('/oncall', name.toUpperCase(), alice.slackId);
    expect(res.status).toBe(200);
    const text = JSON.parse(res.body).text as string;
    expect(text).toMatch(new RegExp(`^\\*${name}\\*: now (Alice|Bob) until .+; next: (Alice|Bob)$`));
    const [, now, next] = /now (\w+) .*next: (\w+)/.exec(text)!;
    expect(now).not.toBe(next);
    const unknown = await slack.command('/oncall', 'no such schedule', alice.slackId);
    expect(JSON.parse(unknown.body).text).toBe('No schedule named “no such schedule”.');
  });
});
