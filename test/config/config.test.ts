import { ConfigError, DEFAULT_WORKFLOW_TASK_SLOTS, loadConfig } from '../../src/config';

const valid = {
  PUBLIC_URL: 'https://pager.example.com/',
  MONGODB_URI: 'mongodb://127.0.0.1:27017/nightline',
  TWILIO_ACCOUNT_SID: 'AC' + 'a'.repeat(32),
  TWILIO_AUTH_TOKEN: 'secret-token',
  TWILIO_FROM_NUMBER: '+15550001111',
  ADMIN_API_TOKEN: 'x'.repeat(24),
};

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected loadConfig to fail');
}

describe('configuration', () => {
  it('when everything required is set, defaults fill the rest and the object is frozen', () => {
    const c = loadConfig(valid);
    expect(c.PORT).toBe(3000);
    expect(c.PUBLIC_URL).toBe('https://pager.example.com');
    expect(c.TWILIO_API_BASE_URL).toBe('https://api.twilio.com');
    expect(c.TEMPORAL_ADDRESS).toBe('127.0.0.1:7233');
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('when a required variable is missing, the error names it', () => {
    const { ADMIN_API_TOKEN: _drop, ...rest } = valid;
    expect(problemsOf(rest)).toEqual(['ADMIN_API_TOKEN is required but not set']);
  });

  it('when several variables are malformed, each is named with what is wrong', () => {
    const problems = problemsOf({
      ...valid,
      PORT: 'eighty',
      TWILIO_ACCOUNT_SID: 'SK123',
      TWILIO_FROM_NUMBER: '555-1234',
      MONGODB_URI: 'postgres://x',
      TWILIO_API_BASE_URL: 'not a url',
    });
    const named = problems.map((p) => p.split(' ')[0]).sort();
    expect(named).toEqual(['MONGODB_URI', 'PORT', 'TWILIO_ACCOUNT_SID', 'TWILIO_API_BASE_URL', 'TWILIO_FROM_NUMBER']);
    expect(problems.join('\n')).toMatch(/TWILIO_FROM_NUMBER must be an E\.164 number/);
  });

  it('the API base URL can point at any Twilio-compatible server', () => {
    const c = loadConfig({ ...valid, TWILIO_API_BASE_URL: 'http://127.0.0.1:4010/' });
    expect(c.TWILIO_API_BASE_URL).toBe('http://127.0.0.1:4010');
  });

  it('when the worker cache size is given it is a whole number of workflows; unset leaves the SDK default', () => {
    expect(loadConfig(valid).TEMPORAL_MAX_CACHED_WORKFLOWS).toBeUndefined();
    expect(loadConfig({ ...valid, TEMPORAL_MAX_CACHED_WORKFLOWS: '2000' }).TEMPORAL_MAX_CACHED_WORKFLOWS).toBe(2000);
    expect(problemsOf({ ...valid, TEMPORAL_MAX_CACHED_WORKFLOWS: 'lots' }).join('\n')).toMatch(/TEMPORAL_MAX_CACHED_WORKFLOWS/);
  });

  it('workflow-task slots and pollers are optional whole numbers, and a poller never outnumbers the slots', () => {
    const unset = loadConfig(valid);
    expect([unset.TEMPORAL_WORKFLOW_TASK_SLOTS, unset.TEMPORAL_WORKFLOW_TASK_POLLERS]).toEqual([undefined, undefined]);
    const set = loadConfig({ ...valid, TEMPORAL_WORKFLOW_TASK_SLOTS: '100', TEMPORAL_WORKFLOW_TASK_POLLERS: '20' });
    expect([set.TEMPORAL_WORKFLOW_TASK_SLOTS, set.TEMPORAL_WORKFLOW_TASK_POLLERS]).toEqual([100, 20]);
    expect(problemsOf({ ...valid, TEMPORAL_WORKFLOW_TASK_SLOTS: '1' }).join('\n')).toMatch(/TEMPORAL_WORKFLOW_TASK_SLOTS/);
    expect(problemsOf({ ...valid, TEMPORAL_WORKFLOW_TASK_SLOTS: '10', TEMPORAL_WORKFLOW_TASK_POLLERS: '20' })).toEqual([
      'TEMPORAL_WORKFLOW_TASK_POLLERS must not exceed TEMPORAL_WORKFLOW_TASK_SLOTS (a poll needs a free slot)',
    ]);
    // Without slots given, the default number of slots is the bound.
    expect(loadConfig({ ...valid, TEMPORAL_WORKFLOW_TASK_POLLERS: String(DEFAULT_WORKFLOW_TASK_SLOTS) }).TEMPORAL_WORKFLOW_TASK_POLLERS).toBe(DEFAULT_WORKFLOW_TASK_SLOTS);
    expect(problemsOf({ ...valid, TEMPORAL_WORKFLOW_TASK_POLLERS: String(DEFAULT_WORKFLOW_TASK_SLOTS + 1) }).join('\n')).toMatch(/must not exceed TEMPORAL_WORKFLOW_TASK_SLOTS/);
    expect(problemsOf({ ...valid, TEMPORAL_MAX_CACHED_WORKFLOWS: '50', TEMPORAL_WORKFLOW_TASK_SLOTS: '100' }).join('\n')).toMatch(
      /TEMPORAL_WORKFLOW_TASK_SLOTS must not exceed TEMPORAL_MAX_CACHED_WORKFLOWS/,
    );
    // A cache of 0 (off) puts no bound on the slots.
    expect(loadConfig({ ...valid, TEMPORAL_MAX_CACHED_WORKFLOWS: '0', TEMPORAL_WORKFLOW_TASK_SLOTS: '100' }).TEMPORAL_WORKFLOW_TASK_SLOTS).toBe(100);
  });
});
