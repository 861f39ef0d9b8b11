import { InboundSteps } from '../../src/http/twilio/inbound-line.twiml';
import { MENU_PLAYS, pageMenuTwiml } from '../../src/http/twilio/page-call.twiml';
import { emptyTwiml, messageTwiml, sayAndHangUp } from '../../src/http/twilio/twiml';
import { expectValidTwiml } from '../fixtures/twiml-check';

const alert = { severity: 'critical' as const, title: 'DB <down> & out', source: 'api-prod', personName: 'Alice' };
const line = { id: 'L1', name: 'Acme Manufacturing', greeting: null, emergencyPrompt: true, recordReason: true, ringTimeoutSeconds: 15 };

describe('the TwiML Nightline generates', () => {
  it('the page menu says the alert once, then the menu in every Gather, and hangs up after them', () => {
    const xml = expectValidTwiml(pageMenuTwiml('https://n.example', 'a:0:0:0:u:phone_call', alert, { intro: true }));
    expect(xml.match(/<Gather /g)).toHaveLength(MENU_PLAYS);
    expect(xml.match(/Press 1 to acknowledge/g)).toHaveLength(MENU_PLAYS);
    expect(xml).toContain('critical alert: DB down and out, from api prod. You are being paged.');
    expect(xml).toContain('action="https://n.example/twilio/voice/page/digits?attempt=a%3A0%3A0%3A0%3Au%3Aphone_call"');
    expect(xml).toMatch(/<\/Gather><Say>No key was pressed[^<]*<\/Say><Hangup\/><\/Response>$/);
  });

  it('a re-prompt after a wrong digit starts with the apology and skips the alert', () => {
    const xml = expectValidTwiml(pageMenuTwiml('https://n.example', 'k', alert, { intro: false, prefix: 'Sorry, 7 is not an option.' }));
    expect(xml).toContain('<Gather input="dtmf" numDigits="1"');
    expect(xml).toContain('<Say>Sorry, 7 is not an option.</Say><Say>Press 1');
    expect(xml).not.toContain('You are being paged');
  });

  it('every step of the after-hours line is valid and only links forward', () => {
    const steps = new InboundSteps('https://n.example', line);
    const entry = expectValidTwiml(steps.entry());
    expect(entry).toContain('action="https://n.example/twilio/voice/incoming/emergency?line=L1"');
    expect(entry).toContain('<Redirect method="POST">https://n.example/twilio/voice/incoming/reason-prompt?line=L1&amp;hop=0</Redirect>');
    expect(expectValidTwiml(steps.reason())).toContain('<Redirect method="POST">https://n.example/twilio/voice/incoming/ring?line=L1&amp;hop=0</Redirect>');
    const ring = expectValidTwiml(steps.ring(1, '+15551230002'));
    expect(ring).toContain(
      '<Dial timeout="15" action="https://n.example/twilio/voice/incoming/dialed?line=L1&amp;hop=1" method="POST" answerOnBridge="true">' +
        '<Number url="https://n.example/twilio/voice/incoming/screen?line=L1&amp;hop=1" method="POST">+15551230002</Number></Dial>',
    );
    // The screening waits for a keypress and hangs up without one; accepting ends it without a hang-up.
    const screen = expectValidTwiml(steps.screen(1, '+15553334444'));
    expect(screen).toContain('action="https://n.example/twilio/voice/incoming/screen-choice?line=L1&amp;hop=1" method="POST" actionOnEmptyResult="true"');
    expect(screen).toMatch(/<\/Gather><Hangup\/><\/Response>$/);
    expect(expectValidTwiml(steps.screenAccepted())).not.toContain('Hangup');
    const voicemail = expectValidTwiml(steps.voicemail());
    expect(voicemail).toContain('transcribe="true"');
    expect(voicemail).toContain('<Redirect method="POST">https://n.example/twilio/voice/incoming/no-message?line=L1</Redirect>');
  });

  it('a line without the optional steps greets and rings at once', () => {
    const steps = new InboundSteps('https://n.example', { ...line, emergencyPrompt: false, recordReason: false, greeting: 'Hi from Acme.' });
    expect(expectValidTwiml(steps.entry())).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Say>Hi from Acme.</Say><Redirect method="POST">https://n.example/twilio/voice/incoming/ring?line=L1&amp;hop=0</Redirect></Response>',
    );
  });

  it('replies and goodbyes are valid in their kind', () => {
    expectValidTwiml(sayAndHangUp('Goodbye.'));
    expectValidTwiml(emptyTwiml(), 'messaging');
    expectValidTwiml(emptyTwiml(), 'voice');
    expectValidTwiml(messageTwiml('Acknowledged <ok> & done'), 'messaging');
  });
});
