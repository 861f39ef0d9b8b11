import { detectedAs } from '../../src/telephony/simulator/call-engine';
import { RateGate } from '../../src/telephony/simulator/clock';
import { PhoneBook, PhoneHandle } from '../../src/telephony/simulator/phones';
import { parseTwiml, TwimlError } from '../../src/telephony/simulator/twiml';
import { resolveUrl, smsSegments } from '../../src/telephony/simulator/util';
import { collectDigits } from '../../src/telephony/simulator/verbs/gather.verb';

describe('simulator parts', () => {
  it.each([
    ['1', 1, '#', { digits: '1', complete: true }],
    ['123', 2, '#', { digits: '12', complete: true }],
    ['42#7', Infinity, '#', { digits: '42', complete: true }],
    ['42', Infinity, '#', { digits: '42', complete: false }],
    ['#', Infinity, '#', { digits: '', complete: true }],
    ['4#2', Infinity, '', { digits: '4#2', complete: false }],
  ])('Gather keys %s with numDigits=%s finishOnKey=%s give %j', (keys, num, finish, expected) => {
    expect(collectDigits(keys, num, finish)).toEqual(expected);
  });

  it.each([
    ['machine_end_beep', 'Enable', 'machine_start'],
    ['machine_start', 'DetectMessageEnd', 'machine_end_other'],
    ['machine_end_silence', 'DetectMessageEnd', 'machine_end_silence'],
    ['human', 'Enable', 'human'],
    ['fax', 'DetectMessageEnd', 'fax'],
  ] as const)('AMD reports %s as %s under %s', (answer, mode, reported) => {
    expect(detectedAs(answer, mode)).toBe(reported);
  });

  it('counts SMS segments for GSM-7 and UCS-2 bodies', () => {
    expect(smsSegments('a'.repeat(160))).toBe(1);
    expect(smsSegments('a'.repeat(161))).toBe(2);
    expect(smsSegments('[]'.repeat(40))).toBe(1);
    expect(smsSegments('é'.repeat(160))).toBe(1);
    expect(smsSegments('ü'.repeat(10) + '✓')).toBe(1);
    expect(smsSegments('✓'.repeat(71))).toBe(2);
  });

  it('resolves action URLs against the document URL', () => {
    expect(resolveUrl('ack?x=1', 'http://127.0.0.1:3000/twilio/voice')).toBe(
      'http://127.0.0.1:3000/twilio/ack?x=1',
    );
    expect(resolveUrl('/ack', 'http://127.0.0.1:3000/twilio/voice')).toBe('http://127.0.0.1:3000/ack');
    expect(resolveUrl('/ack', null)).toBeNull();
  });

  it('parses TwiML into verbs in document order and rejects non-TwiML', () => {
    const root = parseTwiml(
      '<?xml version="1.0"?><Response><Say loop="2">Hi &amp; bye</Say><Dial><Number>+15551230001</Number></Dial></Response>',
    );
    expect(root.children.map((c) => c.name)).toEqual(['Say', 'Dial']);
    expect(root.children[0]).toMatchObject({ attrs: { loop: '2' }, text: 'Hi & bye' });
    expect(root.children[1]?.children[0]?.text).toBe('+15551230001');
    expect(() => parseTwiml('<html/>')).toThrow(TwimlError);
    expect(() => parseTwiml('<Response><Say>')).toThrow(/parse failure/);
  });

  it('spaces starts at the configured rate', () => {
    const gate = new RateGate(2);
    expect([gate.reserve(1000), gate.reserve(1000), gate.reserve(1000)]).toEqual([0, 500, 1000]);
    expect(new RateGate(Infinity).reserve()).toBe(0);
  });

  it('a phone uses its queued behaviours once each, then its standing script, else rings out', () => {
    const book = new PhoneBook();
    const phone = new PhoneHandle(book, '+15551230001')
      .answers({ pressDigits: ['1'] })
      .queue({ answer: 'busy' });
    expect(phone.number).toBe('+15551230001');
    expect(book.takeForCall('+15551230001').answer).toBe('busy');
    expect(book.takeForCall('+15551230001')).toMatchObject({ answer: 'human', pressDigits: ['1'] });
    expect(book.takeForCall('+15559999999').answer).toBe('no-answer');
  });
});
