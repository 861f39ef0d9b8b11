import { signActionLink, verifyActionLink } from '../../src/channels/action-links';
import { slackSignature, verifySlackRequest, verifyWebhookSignature, webhookSignature } from '../../src/channels/signatures';
import { alertCardBlocks } from '../../src/channels/slack-blocks';

const SECRET = 'a-signing-secret-of-some-length-0123456789';
const NOW = new Date('2026-11-30T03:00:00Z');
const ts = String(NOW.getTime() / 1000);

describe('one-click links', () => {
  const claims = { alertId: 'a'.repeat(24), action: 'acknowledge' as const, userId: 'u'.repeat(24), exp: NOW.getTime() + 60_000 };

  test('a link Nightline signed is accepted until it expires, then refused as expired', () => {
    const token = signActionLink(SECRET, claims);
    const ok = verifyActionLink(SECRET, token, NOW);
    expect(ok).toMatchObject({ ok: true, claims: { alertId: claims.alertId, action: 'acknowledge' } });
    expect(verifyActionLink(SECRET, token, new Date(claims.exp + 1))).toEqual({ ok: false, reason: 'expired' });
  });

  test('a link with its claims changed, or signed with another key, is refused as invalid', () => {
    const token = signActionLink(SECRET, claims);
    const [payload, sig] = token.split('.');
    const tampered = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), action: 'resolve' })).toString('base64url');
    expect(verifyActionLink(SECRET, `${tampered}.${sig}`, NOW)).toEqual({ ok: false, reason: 'invalid' });
    expect(verifyActionLink('another-secret-entirely-0123456789', token, NOW)).toEqual({ ok: false, reason: 'invalid' });
    expect(verifyActionLink(SECRET, 'garbage', NOW)).toEqual({ ok: false, reason: 'invalid' });
  });

  test('two links for the same alert and action differ (each is used once)', () => {
    expect(signActionLink(SECRET, claims)).not.toBe(signActionLink(SECRET, claims));
  });
});

describe('Slack request signatures', () => {
  const body = 'payload=%7B%22type%22%3A%22block_actions%22%7D';

  test('matches the documented example form v0=hex(HMAC-SHA256(secret, "v0:ts:body"))', () => {
    expect(slackSignature(SECRET, ts, body)).toMatch(/^v0=[0-9a-f]{64}$/);
    expect(verifySlackRequest(SECRET, { timestamp: ts, signature: slackSignature(SECRET, ts, body) }, body, NOW)).toEqual({ ok: true });
  });

  test('a forged signature, a changed body or a timestamp more than five minutes off is refused', () => {
    const sig = slackSignature(SECRET, ts, body);
    expect(verifySlackRequest('wrong-secret-0123', { timestamp: ts, signature: sig }, `${body}x`, NOW).ok).toBe(false);
    expect(verifySlackRequest(SECRET, { timestamp: ts, signature: sig }, `${body}x`, NOW).ok).toBe(false);
    const old = String(Number(ts) - 301);
    expect(verifySlackRequest(SECRET, { timestamp: old, signature: slackSignature(SECRET, old, body) }, body, NOW)).toMatchObject({ ok: false, reason: 'timestamp outside the 5-minute window' });
    expect(verifySlackRequest(SECRET, {}, body, NOW).ok).toBe(false);
  });
});

describe('outgoing webhook signatures', () => {
  test('a receiver can check the signature with the shared secret, and only with it', () => {
    const header = webhookSignature(SECRET, 1_790_000_000, '{"event":"triggered"}');
    expect(header).toMatch(/^t=1790000000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(SECRET, header, '{"event":"triggered"}')).toBe(true);
    expect(verifyWebhookSignature(SECRET, header, '{"event":"resolved"}')).toBe(false);
    expect(verifyWebhookSignature('other-secret', header, '{"event":"triggered"}')).toBe(false);
  });
});

describe('Slack alert cards', () => {
  const card = { alertId: 'b'.repeat(24), title: 'DB <down> & out', severity: 'critical', level: 1 };
  const actionIds = (status: 'triggered' | 'acknowledged' | 'resolved') =>
    alertCardBlocks({ ...card, status })
      .filter((b) => b.type === 'actions')
      .flatMap((b) => (b.elements as { action_id: string }[]).map((e) => e.action_id));

  test('buttons follow the state: all three while triggered, Resolve once acknowledged, none when resolved', () => {
    expect(actionIds('triggered')).toEqual(['nightline_acknowledge', 'nightline_resolve', 'nightline_escalate']);
    expect(actionIds('acknowledged')).toEqual(['nightline_resolve']);
    expect(actionIds('resolved')).toEqual([]);
  });

  test('the title is escaped for mrkdwn and Escalate carries the level the presser saw', () => {
    const blocks = alertCardBlocks({ ...card, status: 'triggered' });
    expect(JSON.stringify(blocks[0])).toContain('DB &lt;down&gt; &amp; out');
    const escalate = (blocks[2]!.elements as { action_id: string; value: string }[]).find((e) => e.action_id === 'nightline_escalate');
    expect(escalate?.value).toBe(`${card.alertId}:1`);
  });
});
