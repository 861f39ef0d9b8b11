import { createPageBundleRepository } from '../../src/db/page-bundle.repository';
import { buildTestApp, type TestApp } from '../fixtures/app';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const MIN = 60_000;
let n = 0;
const member = (severity: 'critical' | 'high' = 'high') => ({ key: `k${++n}`, alertId: `a${n}`, severity, title: `alert ${n}`, at: new Date().toISOString() });
const join = (repo: ReturnType<typeof createPageBundleRepository>, userId: string, channel: 'phone_call' | 'sms', now = new Date()) =>
  repo.join({ userId, channel, member: member(), now, throttleMs: MIN, criticalCapMs: MIN });

describe('page bundles in MongoDB', () => {
  it('pages for one person that arrive together all land in one bundle, whoever opens it', async () => {
    const repo = createPageBundleRepository(t.conn);
    const joined = await Promise.all(Array.from({ length: 8 }, () => join(repo, 'u-together', 'phone_call')));
    expect(new Set(joined.map((b) => b._id)).size).toBe(1);
    const b = await repo.findById(joined[0]!._id);
    expect(b?.members).toHaveLength(8);
  });

  it('a call is joinable until it is answered; afterwards the next page opens a bundle held for the throttle', async () => {
    const repo = createPageBundleRepository(t.conn);
    const first = await join(repo, 'u-seal', 'phone_call');
    await repo.markPlaced(first._id, 'CA1', 'phone_call', new Date());
    const ringing = await join(repo, 'u-seal', 'phone_call');
    expect(ringing._id).toBe(first._id);
    await repo.seal(first._id);
    const next = await join(repo, 'u-seal', 'phone_call');
    expect(next._id).not.toBe(first._id);
    expect(next.status).toBe('open');
    expect(next.dueAt.getTime() - Date.now()).toBeGreaterThan(MIN - 5_000);
  });

  it('a text that went out cannot be joined; a member called off while its bundle waits leaves it', async () => {
    const repo = createPageBundleRepository(t.conn);
    const first = await join(repo, 'u-sms', 'sms');
    await repo.markPlaced(first._id, 'SM1', 'sms', new Date());
    const next = await join(repo, 'u-sms', 'sms');
    expect(next._id).not.toBe(first._id);
    await repo.leave(next._id, next.members[0]!.key);
    expect((await repo.findById(next._id))?.members).toEqual([]);
  });

  it('only one caller takes over a dial whose lease lapsed', async () => {
    const repo = createPageBundleRepository(t.conn);
    const b = await join(repo, 'u-lease', 'phone_call');
    expect(b.status).toBe('dialling');
    const wins = await Promise.all([1, 2, 3].map(() => repo.takeOver(b._id, b.heldAt, new Date())));
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect((await repo.findById(b._id))?.retrySince).not.toBeNull();
  });
  it("a person's own longer throttle holds a high page, but a critical one that joins brings the bundle forward to the fleet's", async () => {
    const repo = createPageBundleRepository(t.conn);
    const first = await join(repo, 'u-own', 'phone_call');
    const sentAt = new Date();
    await repo.markPlaced(first._id, 'CA-own', 'phone_call', sentAt);
    await repo.seal(first._id);
    const own = { userId: 'u-own', channel: 'phone_call' as const, throttleMs: 10 * MIN, criticalCapMs: MIN };
    const held = await repo.join({ ...own, member: member('high'), now: new Date() });
    expect(held.dueAt.getTime() - sentAt.getTime()).toBeGreaterThanOrEqual(10 * MIN);
    const hurried = await repo.join({ ...own, member: member('critical'), now: new Date() });
    expect(hurried._id).toBe(held._id);
    expect(hurried.dueAt.getTime() - sentAt.getTime()).toBe(MIN);
    expect((await repo.findById(held._id))?.members.map((m) => m.severity)).toEqual(['high', 'critical']);
  });
  it('a call that ended before its dialler recorded it stays sealed: the next page opens a new bundle, not the dead call', async () => {
    const repo = createPageBundleRepository(t.conn);
    const b = await join(repo, 'u-fast-end', 'phone_call');
    // The simulator (or Twilio) reports the call's end before the create request has returned.
    await repo.seal(b._id);
    await repo.markPlaced(b._id, 'CA-fast', 'phone_call', new Date());
    const stored = await repo.findById(b._id);
    expect(stored).toMatchObject({ status: 'sealed', sid: 'CA-fast' });
    const next = await join(repo, 'u-fast-end', 'phone_call');
    expect(next._id).not.toBe(b._id);
  });
});
