import { alertRef, ownerExhaustedSmsText, pageSmsText } from '../../src/domain/notification-text';

const GSM7_BASIC = /^[A-Za-z0-9 @£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&'()*+,\-./:;<=>?¡ÄÖÑÜ§¿äöñüà]*$/;

describe('page texts', () => {
  test('a page names the alert, severity, title and source, and says how to reply', () => {
    const text = pageSmsText({ alertRef: 'a1b2c3', severity: 'critical', title: 'DB down', source: 'api-prod' });
    expect(text).toBe('Nightline #a1b2c3 CRITICAL: DB down (api-prod). Reply 1 ack, 3 resolve, 2 escalate');
  });

  test('a long title is clipped so the page stays one GSM-7 segment', () => {
    const text = pageSmsText({ alertRef: 'a1b2c3', severity: 'high', title: 'x'.repeat(400), source: 'prometheus' });
    expect(text.length).toBeLessThanOrEqual(160);
    expect(text).toMatch(GSM7_BASIC);
    expect(text).toMatch(/\.\.\. \(prometheus\)\. Reply 1 ack/);
  });

  test("the owner's notice says nobody acknowledged and that the alert stays open", () => {
    const text = ownerExhaustedSmsText({ alertRef: 'a1b2c3', severity: 'low', title: 'y'.repeat(300), source: 's' });
    expect(text.length).toBeLessThanOrEqual(160);
    expect(text).toMatch(/nobody acknowledged .*the alert stays open\.$/);
  });

  test('the short reference is the end of the alert ID', () => {
    expect(alertRef('6b03b99084f78ba3ab5f380c')).toBe('5f380c');
  });
});
