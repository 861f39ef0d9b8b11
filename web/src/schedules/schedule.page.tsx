import { Alert, Button, Code, Group, Modal, Select, Stack, Text, Title } from '@mantine/core';
import { Loading } from '../components/loading';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { client, ok, type RequestBody } from '../api/client';
import type { Schedule } from '../api/types';
import { QueryState } from '../components/query-state';
import { fmt } from '../components/time';
import { useApiMutation } from '../components/use-api-mutation';
import { TimeOffForm } from './time-off-form';
import { CalendarFeedLink } from './calendar-feed-link';
import { HolidayUpload } from './holiday-upload';
import { ScheduleGapBanner } from './schedule-gap-banner';
import { draftOf, ScheduleForm } from './schedule-form';
import { Can } from '../components/can';

// FullCalendar is the biggest dependency: it loads with this page only, never with the first route.
const ScheduleCalendar = lazy(() => import('./schedule-calendar'));

export interface RangePick {
  start: Date;
  end: Date;
}

export default function SchedulePage() {
  const { id = '' } = useParams();
  const schedule = useQuery({ queryKey: ['schedule', id], queryFn: () => ok(client.GET('/api/v1/schedules/{id}', { params: { path: { id } } })) });
  const onCall = useQuery({ queryKey: ['oncall', id], queryFn: () => ok(client.GET('/api/v1/schedules/{id}/oncall', { params: { path: { id } } })) });
  const [pick, setPick] = useState<RangePick | null>(null);
  // ?date=2026-03-08 opens the calendar on that day's week (links from the gap banner, bookmarks).
  const [params] = useSearchParams();
  const [editing, setEditing] = useState(false);
  return (
    <QueryState q={schedule}>
      {(s) => (
        <Stack>
          <Group justify="space-between" wrap="wrap">
            <Title order={1}>{s.name}</Title>
            {!editing && (
              <Can role="manager">
                <Button variant="outline" onClick={() => setEditing(true)}>
                  Edit schedule and layers
                </Button>
              </Can>
            )}
          </Group>
          <ScheduleGapBanner schedule={s} />
          {editing && <ScheduleForm key={s.updatedAt} schedule={s} initial={draftOf(s)} onSaved={() => setEditing(false)} onCancel={() => setEditing(false)} />}
          <Text>
            Now on call: <b data-testid="schedule-on-call">{onCall.data ? (onCall.data.name ?? 'nobody (gap)') : '…'}</b>
            {onCall.data?.shiftEnd ? ` until ${fmt(onCall.data.shiftEnd)}` : ''} · schedule zone {s.timezone}
          </Text>
          <Text size="sm">Select a time range on the calendar to cover it yourself or hand it to someone (an override). Choose a shift in the final lane to swap it with someone else’s.</Text>
          <Suspense fallback={<Loading label="Loading calendar" />}>
            <ScheduleCalendar schedule={s} onSelect={setPick} initialDate={params.get('date') ?? undefined} />
          </Suspense>
          <OverrideModal schedule={s} pick={pick} onClose={() => setPick(null)} />
          <Can role="responder">
            <TimeOffForm schedule={s} />
          </Can>
          <Can role="manager">
            <HolidayUpload schedule={s} />
          </Can>
          <CalendarFeedLink scheduleId={s.id} initial={s.calendarFeed} />
        </Stack>
      )}
    </QueryState>
  );
}

function OverrideModal({ schedule, pick, onClose }: { schedule: Schedule; pick: RangePick | null; onClose: () => void }) {
  const users = useQuery({ queryKey: ['users'], queryFn: () => ok(client.GET('/api/v1/users', { params: { query: { limit: 200 } } })) });
  const [userId, setUserId] = useState<string | null>(null);
  const create = useApiMutation(
    (body: RequestBody<'/api/v1/schedules/{id}/overrides', 'post'>) => ok(client.POST('/api/v1/schedules/{id}/overrides', { params: { path: { id: schedule.id } }, body })),
    [['shifts', schedule.id], ['oncall', schedule.id]],
    onClose,
  );
  return (
    <Modal opened={!!pick} onClose={onClose} title="Cover this time (override)" closeButtonProps={{ 'aria-label': 'Close' }}>
      {pick && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ userId: userId ?? '', startsAt: pick.start.toISOString(), endsAt: pick.end.toISOString() });
          }}
        >
          <Stack>
            <Text size="sm">
              From <Code>{fmt(pick.start.toISOString())}</Code> to <Code>{fmt(pick.end.toISOString())}</Code>
            </Text>
            <Select
              label="Who covers"
              searchable
              data={(users.data?.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
              value={userId}
              onChange={setUserId}
              error={create.fieldError('userId')}
              comboboxProps={{ withinPortal: false }}
            />
            {(create.general ?? create.fieldError('endsAt')) && <Alert color="red">{create.general ?? create.fieldError('endsAt')}</Alert>}
            <Button type="submit" loading={create.isPending}>
              Create override
            </Button>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
