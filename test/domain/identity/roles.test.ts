import { afterFailure, retryAfterSeconds } from '../../../src/domain/identity/login-throttle';
import { actorForToken, actorForUser, holds } from '../../../src/domain/identity/roles';
import { sessionExpired } from '../../../src/domain/identity/session-expiry';

describe('roles and token scope', () => {
  const manager = actorForUser('u1', [{ teamId: 'A', role: 'manager' }, { teamId: 'B', role: 'viewer' }]);

  it('a manager of team A manages A but only reads B', () => {
    expect(holds(manager, 'A', 'manager')).toBe(true);
    expect(holds(manager, 'B', 'responder')).toBe(false);
    expect(holds(manager, 'B', 'viewer')).toBe(true);
  });

  it('a personal token never grants more than its owner, nor outside its team scope', () => {
    const t = actorForToken(manager, { role: 'admin', teamIds: ['B'] }, 'u1');
    expect(t.admin).toBe(false);
    expect(t.grants).toEqual([{ teamId: 'B', role: 'viewer' }]);
    expect(actorForToken(manager, { role: 'viewer', teamIds: [] }, 'u1').grants).toEqual([
      { teamId: 'A', role: 'viewer' },
      { teamId: 'B', role: 'viewer' },
    ]);
  });

  it('an admin membership anywhere makes a person admin everywhere', () => {
    expect(holds(actorForUser('a', [{ teamId: 'X', role: 'admin' }]), 'Z', 'manager')).toBe(true);
  });
});

describe('failed-login throttle', () => {
  const policy = { maxFailures: 3, windowMs: 60_000, lockMs: 300_000 };
  const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));

  it('the third failure inside the window locks the key for the lock time, with a Retry-After in seconds', () => {
    let state = afterFailure(null, at(0), policy).state;
    state = afterFailure(state, at(10), policy).state;
    const third = afterFailure(state, at(20), policy);
    expect(third.locked).toBe(true);
    expect(retryAfterSeconds(third.state, at(20))).toBe(300);
    expect(retryAfterSeconds(third.state, at(320))).toBe(0);
  });

  it('failures spread wider than the window never lock', () => {
    let r = afterFailure(null, at(0), policy);
    r = afterFailure(r.state, at(61), policy);
    r = afterFailure(r.state, at(122), policy);
    expect(r.locked).toBe(false);
  });
});

describe('session expiry', () => {
  const limits = { idleMs: 60_000, absoluteMs: 3_600_000 };
  it('a session ends after the idle time without requests, or at the absolute limit however busy', () => {
    const createdAt = new Date(0);
    expect(sessionExpired({ createdAt, lastSeenAt: new Date(0) }, new Date(59_000), limits)).toBeNull();
    expect(sessionExpired({ createdAt, lastSeenAt: new Date(0) }, new Date(60_000), limits)).toBe('idle');
    expect(sessionExpired({ createdAt, lastSeenAt: new Date(3_599_000) }, new Date(3_600_000), limits)).toBe('absolute');
  });
});
