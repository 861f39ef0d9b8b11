import { createPageBundleRepository } from '../../src/db/page-bundle.repository';
import { pageBundleHeadModel, pageBundleModel } from '../../src/db/page-bundle.model';
import { CALL_JOINABLE_MS, MAX_BUNDLE_MEMBERS, SMS_FALLBACK_GATHER_MS, SMS_GATHER_MS } from '../../src/domain/page-bundle';
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

  it('a call whose answer or end was never heard of is joined only while it could still ring; then the next page gets a call of its own', async () => {
    const repo = createPageBundleRepository(t.conn);
    const sentAt = new Date();
    const first = await join(repo, 'u-lost-callback', 'phone_call', sentAt);
    await repo.markPlaced(first._id, 'CA-lost', 'phone_call', sentAt);
    const ringing = await join(repo, 'u-lost-callback', 'phone_call', new Date(sentAt.getTime() + CALL_JOINABLE_MS - 1_000));
    expect(ringing._id).toBe(first._id);
    const later = new Date(sentAt.getTime() + CALL_JOINABLE_MS + 1_000);
    const next = await join(repo, 'u-lost-callback', 'phone_call', later);
    expect(next._id).not.toBe(first._id);
    expect(next).toMatchObject({ status: 'dialling', claimedByMe: true }); // due at once: the throttle has long passed
    expect((await repo.findById(first._id))?.members).toHaveLength(2);
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
  it('a ringing call carries at most its cap of alerts: the next page opens the next bundle, held for the throttle', async () => {
    expect(MAX_BUNDLE_MEMBERS).toBe(1000);
    const CAP = 25;
    const repo = createPageBundleRepository(t.conn, { maxMembers: CAP });
    const first = await join(repo, 'u-full', 'phone_call');
    const sentAt = new Date();
    await repo.markPlaced(first._id, 'CA-full', 'phone_call', sentAt);
    for (let i = 1; i < CAP; i++) expect((await join(repo, 'u-full', 'phone_call'))._id).toBe(first._id);
    const overflow = await join(repo, 'u-full', 'phone_call');
    expect(overflow._id).not.toBe(first._id);
    expect(overflow.status).toBe('open');
    expect(overflow.dueAt.getTime() - sentAt.getTime()).toBe(MIN);
    expect((await repo.findById(first._id))?.members).toHaveLength(CAP);
    expect((await join(repo, 'u-full', 'phone_call'))._id).toBe(overflow._id);
    // The overflow still waits for its turn; when it fills up too, the one after it waits a further interval.
    for (let i = 2; i < CAP; i++) await join(repo, 'u-full', 'phone_call');
    const third = await join(repo, 'u-full', 'phone_call');
    expect(third._id).not.toBe(overflow._id);
    expect(third.dueAt.getTime() - overflow.dueAt.getTime()).toBe(MIN);
  });

  it("finds the person's newest bundle when its head pointer is missing (older data) or one behind (a crash after opening)", async () => {
    const repo = createPageBundleRepository(t.conn);
    const Heads = pageBundleHeadModel(t.conn);
    const first = await join(repo, 'u-head', 'phone_call');
    await repo.seal(first._id, 'CA-h1');
    const second = await join(repo, 'u-head', 'phone_call');
    expect(second.seq).toBe(first.seq + 1);
    // Written before heads existed: found by the slow query, and the head is put back.
    await Heads.deleteOne({ _id: 'u-head:phone_call' });
    expect((await join(repo, 'u-head', 'phone_call'))._id).toBe(second._id);
    expect((await Heads.findById('u-head:phone_call').lean())?.seq).toBe(second.seq);
    // One behind: the opener of `second` died before moving it on. The next page still joins `second`.
    await Heads.updateOne({ _id: 'u-head:phone_call' }, { $set: { seq: first.seq } });
    expect((await join(repo, 'u-head', 'phone_call'))._id).toBe(second._id);
    expect((await repo.findById(second._id))?.members).toHaveLength(3);
  });

  it('a new text bundle gathers for a second, and a fallback text (gatherMs) for longer; a call never waits to gather', async () => {
    const repo = createPageBundleRepository(t.conn);
    const now = new Date();
    const open = (userId: string, channel: 'phone_call' | 'sms', gatherMs?: number) =>
      repo.join({ userId, channel, member: member(), now, throttleMs: MIN, criticalCapMs: MIN, ...(gatherMs ? { gatherMs } : {}) });
    expect((await open('u-gather-text', 'sms')).dueAt.getTime() - now.getTime()).toBe(SMS_GATHER_MS);
    expect((await open('u-gather-fallback', 'sms', SMS_FALLBACK_GATHER_MS)).dueAt.getTime() - now.getTime()).toBe(SMS_FALLBACK_GATHER_MS);
    const call = await open('u-gather-call', 'phone_call', SMS_FALLBACK_GATHER_MS);
    expect([call.dueAt.getTime(), call.status]).toEqual([now.getTime(), 'dialling']);
  });

  it('opens the next number after a bundle that expired (its head is all that is left), never an old one again', async () => {
    const repo = createPageBundleRepository(t.conn);
    const first = await join(repo, 'u-expired', 'phone_call');
    await repo.seal(first._id, 'CA-e1');
    const second = await join(repo, 'u-expired', 'phone_call');
    await repo.seal(second._id, 'CA-e2');
    await pageBundleModel(t.conn).deleteOne({ _id: second._id }); // the week's TTL took it; `first` is still there
    const next = await join(repo, 'u-expired', 'phone_call');
    expect(next.seq).toBe(second.seq + 1);
    expect(next.members).toHaveLength(1);
  });

  it("the call's webhook records its SID when the dialler has not (it died after dialling): waiting members see the call went out", async () => {
    const repo = createPageBundleRepository(t.conn);
    const b = await join(repo, 'u-dialler-died', 'phone_call');
    expect(b.status).toBe('dialling');
    const sealed = await repo.seal(b._id, 'CA-from-webhook');
    expect(sealed).toMatchObject({ status: 'sealed', sid: 'CA-from-webhook' });
    expect(sealed?.sentAt).toBeInstanceOf(Date);
    // A later webhook of the same call, or the dialler coming back, never replaces the SID.
    await repo.seal(b._id, 'CA-other');
    await repo.markPlaced(b._id, 'CA-late', 'phone_call', new Date());
    expect(await repo.findById(b._id)).toMatchObject({ status: 'sealed', sid: 'CA-from-webhook' });
  });

  it('the end of an answered call finds its bundle sealed by the same command; a failed bundle stays failed', async () => {
    const repo = createPageBundleRepository(t.conn);
    const Bundles = pageBundleModel(t.conn);
    const b = await join(repo, 'u-call-end', 'phone_call');
    await repo.markPlaced(b._id, 'CA-end', 'phone_call', new Date());
    await repo.seal(b._id, 'CA-end'); // answered
    const reads = jest.spyOn(Bundles, 'findById');
    try {
      expect(await repo.seal(b._id, 'CA-end')).toMatchObject({ _id: b._id, status: 'sealed', sid: 'CA-end' }); // the call ended
      expect(reads).not.toHaveBeenCalled();
      const failed = await join(repo, 'u-call-failed', 'phone_call');
      await repo.markFailed(failed._id, 'provider refused');
      expect(await repo.seal(failed._id, 'CA-failed')).toMatchObject({ status: 'failed', sid: 'CA-failed' });
    } finally {
      reads.mockRestore();
    }
  });
});
