import { channelOf } from '../../src/http/identity/channel-actions-audit';

describe('how the audit log names the way an alert action came in', () => {
  it.each([
    ['phone', 'phone'],
    ['phone (bundle b-1a2b3c4d, 3 alerts)', 'phone'],
    ['sms', 'sms'],
    ['sms (bundle b-1a2b3c4d, 2 alerts)', 'sms'],
    ['slack', 'slack'],
    ['email', 'email'],
    ['events-api', 'integration'],
    ['alertmanager', 'integration'],
    ['', 'integration'],
  ])('%s is %s', (via, expected) => {
    expect(channelOf(via)).toBe(expected);
  });
});
