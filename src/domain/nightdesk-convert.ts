import type { Layer, Schedule, Weekday } from './schedule.types';
import type { Runbook } from './nightdesk';
import { rotationOrder } from './nightdesk-resolve';
import { localWeekday, parseLocalDate } from './wall-clock';

/**
 * A runbook rotation as a Schedule with one layer handing off at local midnight on the anchor's cadence
 * (daily, weekly on the anchor's weekday, or custom periodDays). Members keep name and phone; their
 * userId is the runbook name (callers may map it to stored users).
 */
export function runbookToSchedule(runbook: Runbook, opts: { id?: string; name?: string } = {}): Schedule | null {
  const rot = runbook.on_call_rotation;
  if (!rot) return null;
  const order = rotationOrder(rot);
  const startDate = order[0]!.start;
  const p = rot.period_days;
  const cadence: Pick<Layer, 'rotationType' | 'handoffDay' | 'periodDays'> =
    p === 1
      ? { rotationType: 'daily' }
      : p === 7
        ? { rotationType: 'weekly', handoffDay: localWeekday(parseLocalDate(startDate)) as Weekday }
        : { rotationType: 'custom', periodDays: p };
  return {
    id: opts.id ?? 'runbook',
    name: opts.name ?? 'NightDesk rotation',
    timezone: rot.timezone,
    layers: [
      {
        name: 'on_call_rotation',
        ...cadence,
        handoffTime: '00:00',
        startDate,
        members: order.map((e) => ({ userId: e.name, name: e.name, phone: e.phone })),
      },
    ],
    overrides: [],
    timeOff: [],
    holidays: [],
  };
}
