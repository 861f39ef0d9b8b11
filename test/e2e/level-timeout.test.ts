import { startStack, type Stack } from '../fixtures/stack';

/** The Temporal dev server runs in real time and a level waits at least one minute: this file takes ~70 s. */
jest.setTimeout(120_000);

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(async () => {
  await s?.stop();
});

describe('escalation on time, end to end', () => {
  it('when nobody responds, level 2 is called after the level-1 delay (1 minute), not before', async () => {
    const alice = await s.aUser('Alice');
    const bob = await s.aUser('Bob');
    s.sim.phone(alice.phone).ringOut();
    s.sim.phone(bob.phone).answers({ pressDigits: ['1'] });
    const policy = await s.aPolicy([[{ type: 'user', id: alice.id }], [{ type: 'user', id: bob.id }]], 1);
    const started = Date.now();
    const id = await s.trigger(policy.id);
    await s.waitForCallTo(alice.phone);
    await s.waitForTextTo(alice.phone); // the no-answer fallback, within level 1

    const bobsCall = await s.waitForCallTo(bob.phone, 90_000);
    const waited = bobsCall.dateCreated.getTime() - started;
    expect(waited).toBeGreaterThanOrEqual(58_000);
    expect(waited).toBeLessThan(80_000);
    const a = await s.waitForAlert(id, (x) => {
      expect(x.status).toBe('acknowledged');
      expect(x.timeline).toContainEqual(expect.objectContaining({ action: 'escalated', details: expect.stringContaining('no acknowledgement at level 1') }));
      expect(x.timeline).toContainEqual(expect.objectContaining({ action: 'acknowledged', actor: 'Bob' }));
    });
    expect(a.currentLevel).toBe(1);
    expect(s.callsTo(alice.phone)).toHaveLength(1);
  });
});
