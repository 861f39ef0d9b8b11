import {
  alertWorkflowId,
  attemptCount,
  attemptKey,
  attemptOffsetMs,
  escalateOffsetMs,
  nextPosition,
  EARLY_WAKE_MS,
  waitTimerMs,
} from '../../src/domain/escalation-plan';
import type { EscalationPolicySnapshot } from '../../src/domain/escalation.types';

const MIN = 60_000;
const level = (delayMinutes: number, repeatCount = 0, retryIntervalMinutes = 0) => ({
  targets: [{ type: 'user' as const, id: 'u1' }],
  delayMinutes,
  repeatCount,
  retryIntervalMinutes,
});

describe('escalation timing', () => {
  test('a level without retries pages once and escalates after its delay', () => {
    const l = level(5);
    expect(attemptCount(l)).toBe(1);
    expect(attemptOffsetMs(l, 0)).toBe(0);
    expect(escalateOffsetMs(l)).toBe(5 * MIN);
  });

  test('every retry happens, and the last retry still gets the full ack window', () => {
    const l = level(5, 2, 3); // pages at 0, 3 and 6 minutes; escalates at 6 + 5 = 11
    expect(attemptCount(l)).toBe(3);
    expect([0, 1, 2].map((k) => attemptOffsetMs(l, k) / MIN)).toEqual([0, 3, 6]);
    expect(escalateOffsetMs(l) / MIN).toBe(11);
  });
});

describe('walking the ladder', () => {
  const policy: EscalationPolicySnapshot = { levels: [level(5), level(5)], repeat: 1 };

  test('moves up a level, then starts the next pass, then ends', () => {
    expect(nextPosition(policy, 0, 0)).toEqual({ round: 0, level: 1 });
    expect(nextPosition(policy, 0, 1)).toEqual({ round: 1, level: 0 });
    expect(nextPosition(policy, 1, 1)).toBe('exhausted');
  });

  test('a policy without repeat ends after the last level', () => {
    expect(nextPosition({ levels: [level(1)] }, 0, 0)).toBe('exhausted');
  });
});

describe('wait timers', () => {
  const now = 1_000_000;
  test('a wait of minutes wakes early by EARLY_WAKE_MS, and what is left then is waited in full', () => {
    expect(waitTimerMs(now + 5 * MIN, now)).toBe(5 * MIN - EARLY_WAKE_MS);
    const woken = now + 5 * MIN - EARLY_WAKE_MS + 40; // the early timer fired 40 ms late
    expect(waitTimerMs(now + 5 * MIN, woken)).toBe(EARLY_WAKE_MS - 40);
  });

  test('a short wait is one timer, and a wait already over is the 1 ms minimum', () => {
    expect(waitTimerMs(now + 3 * EARLY_WAKE_MS, now)).toBe(3 * EARLY_WAKE_MS);
    expect(waitTimerMs(now + 2_000, now)).toBe(2_000);
    expect(waitTimerMs(now - 500, now)).toBe(1);
  });
});

describe('identifiers', () => {
  test('an attempt key names every part of the step', () => {
    expect(attemptKey({ alertId: 'a1', round: 0, level: 2, attempt: 1, userId: 'u9', channel: 'sms' })).toBe('a1:0:2:1:u9:sms');
  });

  test('an alert without a dedup key gets its own workflow', () => {
    expect(alertWorkflowId({ alertId: 'a1', escalationPolicyId: 'p1' })).toBe('alert:a1');
  });

  test('dedup-keyed alerts share a workflow per service, or per policy when there is no service', () => {
    expect(alertWorkflowId({ alertId: 'a1', escalationPolicyId: 'p1', serviceId: 's1', dedupKey: 'disk' })).toBe('dedup:s1:disk');
    expect(alertWorkflowId({ alertId: 'a2', escalationPolicyId: 'p1', dedupKey: 'disk' })).toBe('dedup:p1:disk');
  });
});
