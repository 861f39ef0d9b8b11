import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { scheduleModel } from '../schedule.model';
import { sha256 } from './secrets';

/**
 * Calendar feed tokens: the schedule keeps only a SHA-256 of its feed token, so a copy of the database cannot
 * read anyone's calendar. The token itself is shown once, when the schedule is made or its feed link rotated.
 */
export const newFeedToken = (): string => randomBytes(24).toString('base64url');
export const feedTokenHash = sha256;
export const feedPath = (scheduleId: string, token: string): string =>
  `/api/v1/schedules/${scheduleId}/calendar.ics?token=${token}`;

/** Start-up migration: schedules made when the token was stored in clear keep their links, now as hashes. */
export async function migrateFeedTokens(conn: Connection): Promise<number> {
  const schedules = scheduleModel(conn);
  const legacy = await schedules.collection
    .find({ feedToken: { $type: 'string' } }, { projection: { feedToken: 1 } })
    .toArray();
  for (const doc of legacy) {
    const token = (doc as { feedToken?: string }).feedToken;
    if (!token) continue;
    // Conditional on the clear token still being there, so two processes starting at once agree.
    await schedules.collection.updateOne(
      { _id: doc._id, feedToken: token },
      { $set: { feedTokenHash: feedTokenHash(token) }, $unset: { feedToken: '' } },
    );
  }
  return legacy.length;
}
