import { Alert } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { client, ok } from '../api/client';
import type { Schedule } from '../api/types';
import { fmt } from '../components/time';

const DAY = 86_400_000;
export const GAP_HORIZON_DAYS = 14;

const hours = (start: string, end: string) => {
  const h = (Date.parse(end) - Date.parse(start)) / 3_600_000;
  return `${Number.isInteger(h) ? h : h.toFixed(1)} hour${h === 1 ? '' : 's'}`;
};

/** Red banner naming every stretch of the next 14 days when nobody is on call on this schedule, and its length. */
export function ScheduleGapBanner({ schedule }: { schedule: Schedule }) {
  const from = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
  const to = new Date(Date.parse(from) + GAP_HORIZON_DAYS * DAY).toISOString();
  const shifts = useQuery({
    queryKey: ['shifts', schedule.id, 'gaps', from.slice(0, 15)],
    queryFn: () => ok(client.GET('/api/v1/schedules/{id}/shifts', { params: { path: { id: schedule.id }, query: { from, to } } })),
  });
  const gaps = (shifts.data?.data ?? []).filter((s) => s.gap);
  if (gaps.length === 0) return null;
  return (
    <Alert color="red" variant="filled" title={`Coverage gap in the next ${GAP_HORIZON_DAYS} days`} role="alert" data-testid="schedule-gap-banner">
      <ul style={{ margin: 0, paddingLeft: 20 }}>
        {gaps.slice(0, 10).map((g) => (
          <li key={g.start}>
            Nobody on call from {fmt(g.start)} to {fmt(g.end)} ({hours(g.start, g.end)}){g.reason ? `: ${g.reason}` : ''}
          </li>
        ))}
        {gaps.length > 10 && <li>…and {gaps.length - 10} more</li>}
      </ul>
    </Alert>
  );
}
