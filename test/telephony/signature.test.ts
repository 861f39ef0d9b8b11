import { createHmac } from 'node:crypto';
import { isValidTwilioSignature, signTwilioRequest } from '../../src/telephony/signature';

const token = 'test-auth-token-1234';
const url = 'https://nightline.example.com/twilio/voice?alert=a1';
const params = { CallSid: 'CA' + '1'.repeat(32), Digits: '1', From: '+15551230001' };

describe('Twilio webhook signatures', () => {
  it('accepts a request signed with the auth token over the exact URL and parameters', () => {
    const sig = signTwilioRequest(token, url, params);
    expect(isValidTwilioSignature(token, sig, url, params)).toBe(true);
  });

  it('matches the documented algorithm: base64 HMAC-SHA1 of the URL plus sorted name/value pairs', () => {
    const data = url + 'CallSid' + params.CallSid + 'Digits1' + 'From+15551230001';
    expect(signTwilioRequest(token, url, params)).toBe(
      createHmac('sha1', token).update(data).digest('base64'),
    );
  });

  it('detects a forged signature', () => {
    const forged = signTwilioRequest('someone-elses-token', url, params);
    expect(isValidTwilioSignature(token, forged, url, params)).toBe(false);
  });

  it('detects a tampered parameter (the caller pressed 2, not 1)', () => {
    const sig = signTwilioRequest(token, url, params);
    expect(isValidTwilioSignature(token, sig, url, { ...params, Digits: '2' })).toBe(false);
  });

  it('detects a signature made for another URL', () => {
    const sig = signTwilioRequest(token, 'https://nightline.example.com/twilio/other', params);
    expect(isValidTwilioSignature(token, sig, url, params)).toBe(false);
  });

  it('rejects a request with no signature header', () => {
    expect(isValidTwilioSignature(token, undefined, url, params)).toBe(false);
    expect(isValidTwilioSignature(token, '', url, params)).toBe(false);
  });

  it('ignores parameters that are undefined', () => {
    const sig = signTwilioRequest(token, url, params);
    expect(isValidTwilioSignature(token, sig, url, { ...params, AnsweredBy: undefined })).toBe(true);
  });
});
