import { Title } from '@mantine/core';
import type { Schedule, Shift } from '../api/types';
import { fmt, viewerTimeZone } from '../components/time';
import { daysIn, missingHandoffNote, placeOnAxis, type DayCell } from './lane-layout';
import { shiftKind, shiftLabel, type ShiftContext, type ShiftKind } from './shift-kinds';
import type { ViewRange } from './use-schedule-range';

export interface LaneItem {
  key: string;
  start: string;
  end: string;
  kind: ShiftKind | 'away' | 'off';
  label: string;
  note?: string;
  shift?: Shift;
}

export interface Lane {
  key: string;
  title: string;
  items: LaneItem[];
  /** Items are buttons that open the shift's actions (the final lane). */
  actionable?: boolean;
}

/** Hover text: the viewer's zone first, the schedule's zone second, and any DST note. */
export function hoverText(it: Pick<LaneItem, 'label' | 'start' | 'end' | 'note'>, zone: string): string {
  return [it.label, `${fmt(it.start)} → ${fmt(it.end)} (your zone, ${viewerTimeZone})`, `${fmt(it.start, zone)} → ${fmt(it.end, zone)} (schedule zone, ${zone})`, it.note]
    .filter(Boolean)
    .join('\n');
}

/** The note for a shift that starts at a wall time that did not exist, checked against every layer's handoff time. */
export function handoffNote(s: Shift, schedule: Schedule, handoffTimes: (string | null | undefined)[]): string | undefined {
  for (const h of handoffTimes) {
    const n = missingHandoffNote(s.start, h, schedule.timezone);
    if (n) return n;
  }
  return undefined;
}

export function shiftItems(shifts: Shift[], ctx: ShiftContext, schedule: Schedule, handoffTimes: (string | null | undefined)[]): LaneItem[] {
  return shifts.map((s) => {
    const note = handoffNote(s, schedule, handoffTimes);
    return { key: s.start, start: s.start, end: s.end, kind: shiftKind(s, ctx), label: shiftLabel(s, ctx), shift: s, ...(note ? { note } : {}) };
  });
}

function DayHeader({ days, from, to }: { days: DayCell[]; from: number; to: number }) {
  return (
    <div className="nl-lane-days">
      {days.map((d) => {
        const { left, width } = placeOnAxis(d.start, d.end, from, to);
        return (
          <div key={d.date} className={`nl-day${d.dst ? ' nl-day-dst' : ''}`} style={{ left: `${left}%`, width: `${width}%` }} data-date={d.date} data-hours={d.hours}>
            <span>{new Date(d.start).toLocaleDateString(undefined, { weekday: 'short', month: 'short', day: 'numeric', timeZone: viewerTimeZone })}</span>
            {d.dst && <span className="nl-dst-note">{d.dst}</span>}
          </div>
        );
      })}
    </div>
  );
}

/**
 * The lanes: the final schedule, then each layer's own rotation, then time off, on one real-time axis in the
 * viewer's zone (a timeline drawn here: FullCalendar's resource views are not MIT). Day boundaries are local
 * midnights, so a 23- or 25-hour day is narrower or wider, and says so.
 */
export function ScheduleLanes({ schedule, range, lanes, onShift }: { schedule: Schedule; range: ViewRange; lanes: Lane[]; onShift: (s: Shift) => void }) {
  const from = Date.parse(range.from);
  const to = Date.parse(range.to);
  const days = daysIn(from, to, viewerTimeZone);
  return (
    <section className="nl-lanes" aria-labelledby="nl-lanes-title">
      <Title order={2} size="h4" id="nl-lanes-title">
        Lanes: final schedule and each layer
      </Title>
      <div className="nl-lanes-scroll" role="region" aria-label="Lanes timeline" tabIndex={0}>
        <div className="nl-lanes-inner" style={{ minWidth: days.length * 64 }}>
          <DayHeader days={days} from={from} to={to} />
          {lanes.map((lane) => (
            <div key={lane.key} className="nl-lane" data-lane={lane.key}>
              <div className="nl-lane-name" id={`nl-lane-${lane.key}`}>
                {lane.title}
              </div>
              <div className="nl-lane-track">
                {days.slice(1).map((d) => (
                  <div key={d.date} className="nl-day-line" aria-hidden="true" style={{ left: `${placeOnAxis(d.start, d.end, from, to).left}%` }} />
                ))}
                <ul aria-labelledby={`nl-lane-${lane.key}`}>
                  {lane.items.length === 0 && <li className="nl-empty">nothing in this range</li>}
                  {lane.items.map((it) => {
                    const { left, width } = placeOnAxis(Date.parse(it.start), Date.parse(it.end), from, to);
                    const text = (
                      <>
                        {it.label}
                        {it.note && <span className="nl-note"> · {it.note}</span>}
                      </>
                    );
                    return (
                      <li key={it.key} className={`nl-block nl-shift nl-${it.kind}`} style={{ left: `${left}%`, width: `${width}%` }} title={hoverText(it, schedule.timezone)} data-start={it.start}>
                        {lane.actionable && it.shift && !it.shift.gap ? (
                          <button type="button" className="nl-block-button" onClick={() => it.shift && onShift(it.shift)}>
                            {text}
                          </button>
                        ) : (
                          text
                        )}
                      </li>
                    );
                  })}
                </ul>
              </div>
            </div>
          ))}
        </div>
      </div>
    </section>
  );
}
