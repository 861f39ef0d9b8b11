import { randomBytes } from 'node:crypto';
import { HttpWebhookSender } from '../../src/channels/http-webhook.sender';
import { sendPersonNotice } from '../../src/channels/notice-sender';
import { SlackWebProvider } from '../../src/channels/slack-web.provider';
import { startSlackStandIn, type SlackStandIn } from '../../src/channels/slack-standin/slack-standin';
import { SmtpEmailProvider } from '../../src/channels/smtp-email.provider';
import { ChannelError } from '../../src/channels/channels';
import { mailpitSmtpUrl, waitForEmailTo } from '../fixtures/mailpit';

const TOKEN = 'xoxb-notice-test-0123456789';
let slack: SlackStandIn;
let email: SmtpEmailProvider;

beforeAll(async () => {
  slack = await startSlackStandIn({ botToken: TOKEN, signingSecret: 'notice-signing-secret-0123' });
  email = new SmtpEmailProvider({ url: mailpitSmtpUrl(), from: 'Nightline <notices@nightline.test>' });
});

afterAll(async () => {
  email?.close();
  await slack?.stop();
});

const providers = () => ({ email, slack: new SlackWebProvider({ token: TOKEN, apiUrl: slack.apiUrl }), webhook: new HttpWebhookSender() });

describe('a notice to one person (the channel interface other features send through)', () => {
  test('goes out by email to Mailpit and as a Slack DM to the user with the same email', async () => {
    const address = `bob-${randomBytes(4).toString('hex')}@notice.test`;
    slack.addUser({ id: 'UBOBNOTICE', email: address, name: 'Bob' });
    const out = await sendPersonNotice(providers(), {
      person: { name: 'Bob', email: address },
      channels: ['email', 'slack'],
      subject: 'You are now on-call for Platform.',
      text: 'Your shift runs until Monday 09:00.',
    });
    expect(out.map((o) => [o.channel, o.status])).toEqual([
      ['email', 'sent'],
      ['slack', 'sent'],
    ]);
    const mail = await waitForEmailTo(address);
    expect(mail.Subject).toBe('You are now on-call for Platform.');
    expect(mail.Text).toContain('Your shift runs until Monday 09:00.');
    expect(slack.messagesIn('DBOBNOTICE')[0]?.text).toContain('You are now on-call for Platform.');
  });

  test('a person Slack does not know, or a channel without a provider, is reported as skipped, not pretended', async () => {
    const out = await sendPersonNotice(
      { webhook: new HttpWebhookSender(), slack: new SlackWebProvider({ token: TOKEN, apiUrl: slack.apiUrl }) },
      { person: { name: 'Nobody', email: 'nobody@notice.test' }, channels: ['email', 'slack'], subject: 's', text: 't' },
    );
    expect(out).toEqual([
      { channel: 'email', status: 'skipped', reason: 'no provider configured' },
      { channel: 'slack', status: 'skipped', reason: 'no Slack user with nobody@notice.test' },
    ]);
  });

  test('a wrong bot token is a permanent Slack failure (no retry can fix it)', async () => {
    const wrong = new SlackWebProvider({ token: 'xoxb-wrong-token-000', apiUrl: slack.apiUrl });
    const err = await wrong.post({ channel: 'C1', text: 'hi' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelError);
    expect(err).toMatchObject({ channel: 'slack', kind: 'permanent' });
  });
});
