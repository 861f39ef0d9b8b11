import type { SimContext } from './context';
import type { SimCall } from './types';
import { newSid } from './util';

/** A fresh call record, registered with the simulator's records. */
export function newCallRecord(
  ctx: SimContext,
  f: Pick<SimCall, 'to' | 'from' | 'direction'> &
    Partial<Pick<SimCall, 'parentCallSid'>> & { request?: Partial<SimCall['request']> },
): SimCall {
  const now = new Date();
  const call: SimCall = {
    sid: newSid('CA'),
    accountSid: ctx.accountSid,
    to: f.to,
    from: f.from,
    direction: f.direction,
    parentCallSid: f.parentCallSid ?? null,
    status: 'queued',
    answeredBy: null,
    dateCreated: now,
    dateUpdated: now,
    startTime: null,
    endTime: null,
    duration: null,
    request: {
      method: 'POST',
      statusCallbackMethod: 'POST',
      statusCallbackEvents: [],
      asyncAmd: false,
      timeout: 60,
      ...f.request,
    },
    events: [],
    finished: false,
  };
  ctx.records.calls.push(call);
  ctx.records.changed();
  return call;
}
