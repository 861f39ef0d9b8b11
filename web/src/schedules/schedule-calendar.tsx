import FullCalendar from '@fullcalendar/react';
import type { DatesSetArg, DayHeaderContentArg, EventClickArg, EventContentArg, EventInput } from '@fullcalendar/core';
import timeGridPlugin from '@fullcalendar/timegrid';
import dayGridPlugin from '@fullcalendar/daygrid';
import interactionPlugin from '@fullcalendar/interaction';
import luxonPlugin from '@fullcalendar/luxon3';
import { useState } from 'react';
import type { Schedule, Shift } from '../api/types';
import { viewerTimeZone } from '../components/time';
import { daysIn } from './lane-layout';
import { hoverText, ScheduleLanes, shiftItems, type Lane, type LaneItem } from './schedule-lanes';
import { KIND_LEGEND } from './shift-kinds';
import { ShiftActions } from './shift-actions';
import { useScheduleRange, type ViewRange } from './use-schedule-range';
import type { RangePick } from './schedule.page';
import './schedule-calendar.css';

function toEvent(it: LaneItem, zone: string): EventInput {
  return {
    start: it.start,
    end: it.end,
    title: it.label,
    classNames: ['nl-shift', `nl-${it.kind}`],
    extendedProps: { hover: hoverText(it, zone), note: it.note, shift: it.shift },
  };
}

function EventBody({ event, isStart }: EventContentArg) {
  // A shift over several days is drawn once per day: its DST note belongs to the day it starts.
  const note = isStart ? (event.extendedProps.note as string | undefined) : undefined;
  return (
    <div className="nl-event" title={String(event.extendedProps.hover ?? '')}>
      {event.title}
      {note && <div className="nl-note">{note}</div>}
    </div>
  );
}

/** Day headers name a 23- or 25-hour day (in the viewer's zone), so a short or long column is never a surprise. */
function DayHeader(arg: DayHeaderContentArg) {
  const day = daysIn(arg.date.getTime(), arg.date.getTime() + 1, viewerTimeZone)[0];
  return (
    <span>
      {arg.text}
      {day?.dst && !arg.view.type.startsWith('dayGridMonth') && <span className="nl-dst-note">{day.dst}</span>}
    </span>
  );
}

function Legend() {
  return (
    <ul className="nl-legend" aria-label="Legend">
      {KIND_LEGEND.map((k) => (
        <li key={k.kind} className={`nl-shift nl-${k.kind}`}>
          {k.icon ? `${k.icon} ` : ''}
          {k.text}
        </li>
      ))}
    </ul>
  );
}

/**
 * The final schedule as the API resolves it (GET /schedules/:id/shifts, the domain's shiftsBetween) and each
 * layer's own rotation (GET /schedules/:id/layers/shifts), in the viewer's zone. The lanes show everything on one
 * real-time axis; the time grid below is where a range is selected for an override.
 */
export default function ScheduleCalendar({ schedule, onSelect, initialDate }: { schedule: Schedule; onSelect: (r: RangePick) => void; initialDate?: string }) {
  const [range, setRange] = useState<ViewRange | null>(null);
  const [picked, setPicked] = useState<Shift | null>(null);
  const data = useScheduleRange(schedule, range);
  const handoffTimes = [schedule.handoffTime, ...schedule.layers.map((l) => l.handoffTime)];
  const finalItems = shiftItems(data.final.data?.data ?? [], data.ctx, schedule, handoffTimes);
  const lanes: Lane[] = [
    { key: 'final', title: 'Final schedule (who is paged)', items: finalItems, actionable: true },
    ...(data.layers.data?.layers ?? []).map((l) => ({
      key: `layer-${l.index}`,
      title: `Layer ${l.index + 1}${l.name ? `: ${l.name}` : l.index === 0 ? ' (base)' : ''}`,
      // A layer alone is not paged: outside its hours it is "off" (not a gap of the schedule), drawn plainly.
      items: shiftItems(l.data, data.ctx, schedule, [l.handoffTime]).map((it) => (it.kind === 'gap' ? { ...it, kind: 'off' as const, label: 'off (outside this layer’s hours)' } : { ...it, kind: 'rotation' as const })),
    })),
    {
      key: 'time-off',
      title: 'Time off',
      items: (data.timeOff.data?.data ?? []).map((t) => ({ key: t.id, start: t.startsAt, end: t.endsAt, kind: 'away' as const, label: `✈ Away: ${data.ctx.nameOf(t.userId)}` })),
    },
  ];
  const phone = typeof window !== 'undefined' && window.innerWidth < 640;
  return (
    <div aria-label={`Calendar of ${schedule.name}`} role="region" data-testid="schedule-calendar" data-loaded={data.loaded ? 'yes' : 'no'}>
      <Legend />
      {range && <ScheduleLanes schedule={schedule} range={range} lanes={lanes} onShift={setPicked} />}
      <FullCalendar
        plugins={[timeGridPlugin, dayGridPlugin, interactionPlugin, luxonPlugin]}
        timeZone={viewerTimeZone}
        initialDate={initialDate}
        initialView={phone ? 'timeGridThreeDay' : 'timeGridWeek'}
        views={{
          timeGridThreeDay: { type: 'timeGrid', duration: { days: 3 }, buttonText: '3 days' },
          dayGridTwoWeek: { type: 'dayGrid', duration: { weeks: 2 }, buttonText: '2 weeks' },
        }}
        headerToolbar={{ left: 'prev,next today', center: 'title', right: phone ? 'timeGridThreeDay,timeGridWeek,dayGridMonth' : 'timeGridWeek,dayGridTwoWeek,dayGridMonth' }}
        // Text buttons: FullCalendar's icon buttons are role=img without a text alternative (axe role-img-alt).
        buttonIcons={false}
        buttonText={{ prev: '‹ Previous', next: 'Next ›', week: 'week', month: 'month', today: 'today' }}
        height="auto"
        nowIndicator
        selectable
        selectMirror
        selectLongPressDelay={300}
        allDaySlot={false}
        select={(info) => onSelect({ start: info.start, end: info.end })}
        datesSet={(d: DatesSetArg) => setRange({ from: d.start.toISOString(), to: d.end.toISOString() })}
        events={finalItems.map((it) => toEvent(it, schedule.timezone))}
        eventContent={EventBody}
        dayHeaderContent={DayHeader}
        eventClick={(e: EventClickArg) => {
          const s = e.event.extendedProps.shift as Shift | undefined;
          if (s && !s.gap) setPicked(s);
        }}
      />
      <ShiftActions schedule={schedule} shift={picked} ctx={data.ctx} onClose={() => setPicked(null)} />
    </div>
  );
}
