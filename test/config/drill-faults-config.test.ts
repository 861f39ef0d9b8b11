import { ConfigError, loadConfig } from '../../src/config';

const valid = {
  PUBLIC_URL: 'https://pager.example.com/',
  MONGODB_URI: 'mongodb://127.0.0.1:27017/nightline',
  TWILIO_ACCOUNT_SID: 'AC' + 'a'.repeat(32),
  TWILIO_AUTH_TOKEN: 'secret-token',
  TWILIO_FROM_NUMBER: '+15550001111',
  ADMIN_API_TOKEN: 'x'.repeat(24),
};
const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return [];
  } catch (e) {
    return e instanceof ConfigError ? e.problems : [String(e)];
  }
};

describe('drill fault hooks', () => {
  it('are off unless asked for', () => {
    expect(loadConfig(valid).NIGHTLINE_DRILL_FAULTS).toBe('');
  });

  it('accept kill odds per crash window outside production', () => {
    expect(loadConfig({ ...valid, NIGHTLINE_DRILL_FAULTS: 'after-claim:0.1,after-dial:1' }).NIGHTLINE_DRILL_FAULTS).toBe('after-claim:0.1,after-dial:1');
  });

  it('are refused in production, and a malformed value is named', () => {
    expect(problemsOf({ ...valid, NODE_ENV: 'production', NIGHTLINE_DRILL_FAULTS: 'after-claim:0.1' })).toEqual([
      'NIGHTLINE_DRILL_FAULTS is for drills only and cannot be set with NODE_ENV=production',
    ]);
    expect(problemsOf({ ...valid, NIGHTLINE_DRILL_FAULTS: 'everywhere:2' })[0]).toMatch(/^NIGHTLINE_DRILL_FAULTS must look like/);
  });
});
