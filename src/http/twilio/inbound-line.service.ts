import type { Person } from '../../../activities/ports';
import { getPolicy, toSnapshot } from '../../db/escalation-policy.repository';
import type { CallHop, PhoneLineCallDoc, RingTarget } from '../../db/phone-line-call.model';
import type { PhoneLine } from '../../db/phone-line.repository';
import type { EscalationPolicySnapshot } from '../../domain/escalation.types';
import { inboundAlertDescription, inboundAlertTitle, inboundSeverity } from '../../domain/twiml-inbound-text';
import type { TwilioContext } from './context';
import { pageAdminsInstead } from './inbound-line-fallback';

/** At most this many people are rung, one after another, before the caller is offered voicemail. */
export const MAX_RING_HOPS = 3;
/** The policy that pages a missed call when the line names only a schedule. */
const SCHEDULE_ONLY_LEVEL = { delayMinutes: 5, repeatCount: 1, retryIntervalMinutes: 5 };
const ACTOR = 'phone-line';

/**
 * Whom the line rings, in order: the schedule's on-call person, then the people of the policy's levels
 * (each person once), capped at MAX_RING_HOPS. A call resolves it once, through callRingList.
 */
export async function ringList(ctx: TwilioContext, line: PhoneLine, at = new Date()): Promise<Person[]> {
  const people: Person[] = [];
  const add = (p: Person | null | undefined) => {
    if (p?.phone && !people.some((q) => q.id === p.id)) people.push(p);
  };
  if (line.scheduleId) add((await ctx.directory.onCallForSchedule(line.scheduleId, at)).person);
  const policy = line.escalationPolicyId ? await getPolicy(ctx.conn, line.escalationPolicyId) : null;
  for (const level of policy?.levels ?? []) {
    for (const t of level.targets) {
      if (people.length >= MAX_RING_HOPS) return people;
      add(t.type === 'user' ? await ctx.directory.getUser(t.id) : (await ctx.directory.onCallForSchedule(t.id, at)).person);
    }
  }
  return people.slice(0, MAX_RING_HOPS);
}

/**
 * The call's ring list: resolved at its first ring and stored with the call, so every later hop (and the
 * screening of the person rung) reads the same list even when the on-call person changes mid-call.
 */
export async function callRingList(ctx: TwilioContext, line: PhoneLine, callSid: string): Promise<RingTarget[]> {
  const stored = (await ctx.calls.find(callSid))?.ringList;
  if (stored) return stored;
  const fresh = (await ringList(ctx, line)).map((p) => ({ userId: p.id, name: p.name, phone: p.phone }));
  return ctx.calls.freezeRingList(callSid, fresh);
}

/** Records a hop of the call, and on the alert's timeline once the call has become one. */
export async function recordHop(ctx: TwilioContext, callSid: string, hop: Omit<CallHop, 'at'>): Promise<void> {
  const at = new Date();
  await ctx.calls.hop(callSid, hop, at);
  const call = await ctx.calls.find(callSid);
  if (call?.alertId) await ctx.alerts.project(call.alertId, {}, [timelineEntry({ ...hop, at })]);
}

const timelineEntry = (h: CallHop) => ({ key: `call:${h.key}`, action: h.action, actor: ACTOR, timestamp: h.at.toISOString(), details: h.details });

async function policyFor(ctx: TwilioContext, line: PhoneLine): Promise<{ id: string; snapshot: EscalationPolicySnapshot } | null> {
  const policy = line.escalationPolicyId ? await getPolicy(ctx.conn, line.escalationPolicyId) : null;
  if (policy) return { id: policy.id, snapshot: toSnapshot(policy) };
  if (!line.scheduleId) return null;
  const id = `phone-line:${line.id}`;
  return { id, snapshot: { id, levels: [{ targets: [{ type: 'schedule', id: line.scheduleId }], ...SCHEDULE_ONLY_LEVEL }] } };
}

/** The line's own targets resolve to nobody: the admins are paged, and the call's timeline says so. */
async function withAdmins(ctx: TwilioContext, callSid: string, line: PhoneLine, own: { id: string; snapshot: EscalationPolicySnapshot } | null) {
  const id = own?.id ?? `phone-line:${line.id}`;
  const fallback = await pageAdminsInstead(ctx, id, own?.snapshot ?? null);
  await ctx.calls.hop(callSid, { key: 'admins', action: 'call_routed_to_admins', details: fallback.note });
  return { id, snapshot: fallback.snapshot, note: fallback.note };
}

/**
 * Turns a call that reached nobody into an alert, once (the voicemail, the "no message" step, the call's
 * final status callback and the missed-call sweeper may all try). Its hops so far are copied onto the
 * alert's timeline. It never gives up on a line whose targets resolve to nobody: the admins are paged.
 */
export async function raiseCallAlert(ctx: TwilioContext, line: PhoneLine, callSid: string): Promise<string | null> {
  await ctx.calls.markAlertDue(callSid); // if this try fails, the missed-call sweeper tries again
  const call = await ctx.calls.claimAlert(callSid);
  if (!call) return (await ctx.calls.find(callSid))?.alertId ?? null;
  try {
    const own = await policyFor(ctx, line);
    const reachable = call.ringList ?? (await ringList(ctx, line));
    const policy: { id: string; snapshot: EscalationPolicySnapshot; note?: string } = own && reachable.length > 0 ? own : await withAdmins(ctx, callSid, line, own);
    const onCall = reachable[0]?.name ?? null;
    const facts = { lineName: line.name, caller: call.from, onCall, voicemail: !!call.recordingUrl, transcription: call.transcription };
    const description = inboundAlertDescription({ ...facts, recordingUrl: call.recordingUrl, reasonUrl: call.reasonRecordingUrl });
    const { alertId } = await ctx.engine.trigger({
      title: inboundAlertTitle(facts),
      description: policy.note ? `${description}\n${policy.note}` : description,
      severity: inboundSeverity(call.emergency),
      source: 'phone line',
      escalationPolicyId: policy.id,
      dedupKey: `call:${callSid}`,
      policy: policy.snapshot,
    });
    const now = await ctx.calls.set(callSid, { alertId });
    await ctx.alerts.project(alertId, {}, (now?.hops ?? call.hops).map(timelineEntry));
    return alertId;
  } catch (err) {
    await ctx.calls.unclaimAlert(callSid).catch(() => undefined);
    throw err;
  }
}

/** Stands in for a line deleted since the call: it has no targets, so its alert pages the admins. */
export const deletedLine = (call: PhoneLineCallDoc): PhoneLine => ({
  id: call.lineId,
  number: call.to,
  name: `a deleted phone line (${call.to})`,
  scheduleId: null,
  escalationPolicyId: null,
  runbookId: null,
  greeting: null,
  emergencyPrompt: false,
  recordReason: false,
  ringTimeoutSeconds: 0,
  createdAt: call.createdAt.toISOString(),
  updatedAt: call.updatedAt.toISOString(),
});
