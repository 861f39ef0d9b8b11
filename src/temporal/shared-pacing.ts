import type { Connection } from 'mongoose';
import { createSharedLimiter, type SharedSlot } from '../db/dial-slots.repository';
import { PACER_MARGIN_MS, PACER_MAX_REQUEST_MS } from './paced-telephony';

export interface SharedPacers {
  calls: () => Promise<SharedSlot>;
  sms: () => Promise<SharedSlot>;
}

/**
 * Twilio's calls-per-second limit is per account, not per worker: these pacers hold it across every worker
 * process sharing the database (keyed by the task queue, so separate deployments do not share a budget).
 * The same two rules as the in-process pacer, so a burst the server lets through still cannot reach Twilio.
 */
export function createSharedPacers(conn: Connection, taskQueue: string, limits: { callsPerSecond: number; smsPerSecond: number }): SharedPacers {
  const opts = (perSecond: number) => {
    const window = Math.max(1, Math.floor(perSecond));
    return {
      spacingMs: (1000 + PACER_MARGIN_MS) / perSecond,
      window,
      windowMs: (window * 1000) / perSecond + PACER_MARGIN_MS,
      maxRequestMs: PACER_MAX_REQUEST_MS,
    };
  };
  return {
    calls: createSharedLimiter(conn, `${taskQueue}:calls`, opts(limits.callsPerSecond)),
    sms: createSharedLimiter(conn, `${taskQueue}:sms`, opts(limits.smsPerSecond)),
  };
}
