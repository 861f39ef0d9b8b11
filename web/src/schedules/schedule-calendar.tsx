import FullCalendar from '@fullcalendar/react';
import type { DatesSetArg, EventContentArg, EventInput } from '@fullcalendar/core';
import timeGridPlugin from '@fullcalendar/timegrid';
import dayGridPlugin from '@fullcalendar/daygrid';
import interactionPlugin from '@fullcalendar/interaction';
import luxonPlugin from '@fullcalendar/luxon3';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { client, ok } from '../api/client';
import type { Schedule, Shift } from '../api/types';
import { fmt, viewerTimeZone } from '../components/time';
import type { RangePick } from './schedule.page';
import './schedule-calendar.css';

/** Each kind of stretch has its own pattern AND its own word, so nothing rests on colour alone. */
export function shiftLabel(s: Shift): string {
  if (s.gap) return `GAP: nobody on call${s.reason ? ` (${s.reason})` : ''}`;
  const who = s.name ?? s.userId ?? '?';
  switch (s.source) {
    case 'override':
      return `Override: ${who}`;
    case 'cover':
      return `Cover: ${who}${s.coveringFor ? ` for ${s.coveringFor}` : ''} (time off)`;
    case 'holiday':
      return `Holiday${s.holiday ? ` ${s.holiday}` : ''}: ${who}`;
    default:
      return s.holiday ? `${who} (holiday ${s.holiday})` : who;
  }
}

function toEvent(s: Shift, zone: string): EventInput {
  const kind = s.gap ? 'gap' : s.source;
  return {
    start: s.start,
    end: s.end,
    title: shiftLabel(s),
    classNames: [`nl-shift`, `nl-${kind}`],
    extendedProps: { zoneHint: `${fmt(s.start, zone)} → ${fmt(s.end, zone)} (schedule zone ${zone})` },
  };
}

function EventBody({ event }: EventContentArg) {
  return (
    <div className="nl-event" title={String(event.extendedProps.zoneHint ?? '')}>
      {event.title}
    </div>
  );
}

/**
 * The final schedule as the API resolves it (GET /schedules/:id/shifts, i.e. the domain's shiftsBetween), drawn in
 * the viewer's zone. FullCalendar with the luxon plugin places a 23- or 25-hour DST day correctly.
 */
export default function ScheduleCalendar({ schedule, onSelect, initialDate }: { schedule: Schedule; onSelect: (r: RangePick) => void; initialDate?: string }) {
  const [range, setRange] = useState<{ from: string; to: string } | null>(null);
  const shifts = useQuery({
    queryKey: ['shifts', schedule.id, range?.from, range?.to],
    enabled: !!range,
    queryFn: () => ok(client.GET('/api/v1/schedules/{id}/shifts', { params: { path: { id: schedule.id }, query: { from: range?.from, to: range?.to } } })),
  });
  const phone = typeof window !== 'undefined' && window.innerWidth < 640;
  return (
    <div aria-label={`Calendar of ${schedule.name}`} role="region" data-testid="schedule-calendar" data-loaded={shifts.isSuccess ? 'yes' : 'no'}>
      <ul className="nl-legend" aria-label="Legend">
        {['rotation', 'override', 'cover', 'holiday', 'gap'].map((k) => (
          <li key={k} className={`nl-shift nl-${k}`}>
            {k === 'cover' ? 'time-off cover' : k}
          </li>
        ))}
      </ul>
      <FullCalendar
        plugins={[timeGridPlugin, dayGridPlugin, interactionPlugin, luxonPlugin]}
        timeZone={viewerTimeZone}
        initialDate={initialDate}
        initialView={phone ? 'timeGridThreeDay' : 'timeGridWeek'}
        views={{
          timeGridThreeDay: { type: 'timeGrid', duration: { days: 3 }, buttonText: '3 days' },
          dayGridTwoWeek: { type: 'dayGrid', duration: { weeks: 2 }, buttonText: '2 weeks' },
        }}
        headerToolbar={{ left: 'prev,next today', center: 'title', right: phone ? 'timeGridThreeDay,dayGridMonth' : 'timeGridWeek,dayGridTwoWeek,dayGridMonth' }}
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
        events={(shifts.data?.data ?? []).map((s) => toEvent(s, schedule.timezone))}
        eventContent={EventBody}
      />
    </div>
  );
}
