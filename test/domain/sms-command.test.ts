import { parseSmsCommand, tokenize } from '../../src/domain/sms-command';

describe('parseSmsCommand', () => {
  it.each([
    ['1', 'acknowledge', undefined],
    ['ack', 'acknowledge', undefined],
    ['ACK 42', 'acknowledge', 42],
    ['42 ack', 'acknowledge', 42],
    ['  "Ack"  ', 'acknowledge', undefined],
    ['\u201cack #42\u201d', 'acknowledge', 42],
    ['ack#42', 'acknowledge', 42],
    ['Acknowledge.', 'acknowledge', undefined],
    ['resolve 42', 'resolve', 42],
    ['3', 'resolve', undefined],
    ['RES 7', 'resolve', 7],
    ['esc', 'escalate', undefined],
    ['2', 'escalate', undefined],
    ['Escalate!', 'escalate', undefined],
    ['1 42', 'acknowledge', 42],
    ['42 1', 'acknowledge', 42],
    ['#42 3', 'resolve', 42],
    ['3 #42', 'resolve', 42],
    ["'esc' 12", 'escalate', 12],
  ])('reads %j as %s (code %s)', (body, action, code) => {
    const cmd = parseSmsCommand(body);
    expect(cmd).toEqual(code === undefined ? { kind: 'action', action } : { kind: 'action', action, code });
  });

  it.each(['STOP', 'stop', ' Stop ', 'UNSUBSCRIBE', 'cancel', 'End', 'quit', 'STOPALL', 'stop all', 'optout', 'revoke'])(
    'treats the carrier keyword %j as an opt-out',
    (body) => expect(parseSmsCommand(body)).toEqual({ kind: 'stop' }),
  );

  it.each(['START', 'unstop', 'Yes'])('treats %j as opting back in', (body) => {
    expect(parseSmsCommand(body)).toEqual({ kind: 'start' });
  });

  it.each(['HELP', 'info', '?help?'])('treats %j as a request for help', (body) => {
    expect(parseSmsCommand(body)).toEqual({ kind: 'help' });
  });

  it.each(['', '   ', '42', '4', 'hello there', 'ack resolve', 'ack 4 5', '12 34', 'stop paging me', 'please ack this now', '#4 #5 1'])(
    'does not guess at %j',
    (body) => expect(parseSmsCommand(body)).toEqual({ kind: 'unknown' }),
  );

  it('keeps a #code marker as its own token', () => {
    expect(tokenize('ACK#42, thanks')).toEqual(['ack', '#42', 'thanks']);
  });
});
