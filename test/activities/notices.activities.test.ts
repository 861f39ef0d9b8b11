import type { Connection } from 'mongoose';
import { createNoticeActivities } from '../../activities/notices.activities';
import type { NoticeSender } from '../../activities/notice-sender';
import { createNoticeStore } from '../../src/db/notice-store';
import { createUser } from '../../src/db/user.repository';
import type { PlannedNotice } from '../../src/domain/handoff-notices';
import { warmUpDatabase } from '../fixtures/stack-warmup';
import { closeTestDb, connectTestDb } from '../setup/mongo';

let conn: Connection;
beforeAll(async () => {
  conn = await connectTestDb('notice_acts');
  await warmUpDatabase(conn);
});
afterAll(async () => {
  await closeTestDb(conn);
});

function recordingSender(failFirst = false) {
  const sent: Array<{ channel: string; to: string; text: string }> = [];
  let fail = failFirst;
  const sender: NoticeSender = {
    async send(channel, to, text) {
      if (fail) {
        fail = false;
        throw new Error('provider timed out');
      }
      if (channel === 'slack') return null;
      sent.push({ channel, to: channel === 'sms' ? to.phone : to.email, text });
      return { providerId: `P${sent.length}` };
    },
  };
  return { sender, sent };
}

const notice = (userId: string, key: string): PlannedNotice => ({
  key,
  at: Date.parse('2027-03-01T15:00:00Z'),
  kind: 'handoff_started',
  topic: 'handoffs',
  userId,
  text: 'You are now on-call for Platform.',
});

describe('sending a shift notice', () => {
  it('a retried activity (same notice key) sends on each channel once, and a channel without a provider is recorded as skipped', async () => {
    const u = await createUser(conn, { name: 'Alice', email: 'alice@n.test', phone: '+15550003001', noticePrefs: { channels: ['sms', 'email', 'slack'] } });
    const { sender, sent } = recordingSender();
    const acts = createNoticeActivities({ store: createNoticeStore(conn), sender });
    const first = await acts.sendScheduleNotice({ scheduleId: 's1', notice: notice(u.id, 'notice:s1:handoff:a') });
    const again = await acts.sendScheduleNotice({ scheduleId: 's1', notice: notice(u.id, 'notice:s1:handoff:a') });
    expect(first).toEqual({ sms: 'sent', email: 'sent', slack: 'skipped' });
    expect(again).toEqual({ sms: 'already sent', email: 'already sent', slack: 'already skipped' });
    expect(sent.map((s) => s.channel)).toEqual(['sms', 'email']);
  });

  it('when the provider failed after the record was written, the retry sends it (at least once, never silently dropped)', async () => {
    const u = await createUser(conn, { name: 'Bob', email: 'bob@n.test', phone: '+15550003002', noticePrefs: { channels: ['sms'] } });
    const { sender, sent } = recordingSender(true);
    const acts = createNoticeActivities({ store: createNoticeStore(conn), sender });
    await expect(acts.sendScheduleNotice({ scheduleId: 's1', notice: notice(u.id, 'notice:s1:handoff:b') })).rejects.toThrow('provider timed out');
    await expect(acts.sendScheduleNotice({ scheduleId: 's1', notice: notice(u.id, 'notice:s1:handoff:b') })).resolves.toEqual({ sms: 'sent' });
    expect(sent).toHaveLength(1);
    const [record] = await createNoticeStore(conn).deliveries({ userId: u.id });
    expect(record).toMatchObject({ status: 'sent', providerId: 'P1', channel: 'sms' });
  });

  it('a person who opted out of handoff notices gets none', async () => {
    const u = await createUser(conn, { name: 'Carol', email: 'carol@n.test', phone: '+15550003003', noticePrefs: { handoffs: false } });
    const { sender, sent } = recordingSender();
    const acts = createNoticeActivities({ store: createNoticeStore(conn), sender });
    await expect(acts.sendScheduleNotice({ scheduleId: 's1', notice: notice(u.id, 'notice:s1:handoff:c') })).resolves.toEqual({ all: 'opted out of handoffs' });
    expect(sent).toEqual([]);
  });
});
