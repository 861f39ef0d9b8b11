import { Alert, Badge, Card, Group, SimpleGrid, Stack, Text, Title, Anchor } from '@mantine/core';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { client, ok, type Schema } from '../api/client';
import type { Schedule } from '../api/types';
import { QueryState } from '../components/query-state';
import { fmt } from '../components/time';
import { SEVERITY_ORDER, SeverityBadge } from '../components/severity-badge';

const DAY = 86_400_000;
const GAP_HORIZON_DAYS = 14;

/** Home: who is on call on every schedule, who is next, open alerts by severity, and a banner for gaps. */
export function OnCallNowPage() {
  // One request for every card: listing schedules, then asking each, then its next shift, was three round trips in series.
  const onCall = useQuery({ queryKey: ['oncall', 'all'], queryFn: () => ok(client.GET('/api/v1/on-call')), refetchInterval: 60_000 });
  const open = useQuery({
    queryKey: ['alerts', 'open'],
    queryFn: () => ok(client.GET('/api/v1/alerts', { params: { query: { status: 'triggered,acknowledged', limit: 200 } } })),
    refetchInterval: 5000,
  });
  return (
    <Stack>
      <Title order={1}>On call now</Title>
      {/* The banner's 14-day look-ups start once the names are shown: they must not delay them. */}
      {onCall.data && <GapBanner schedules={onCall.data.data.map((e) => ({ id: e.scheduleId, name: e.scheduleName }))} />}
      <QueryState q={open}>
        {(a) => (
          <Group aria-label="Open alerts by severity">
            {SEVERITY_ORDER.map((sev) => (
              <Anchor key={sev} component={Link} to={`/alerts?severity=${sev}`}>
                <Group gap={6}>
                  <SeverityBadge severity={sev} />
                  <Text fw={700}>{a.data.filter((x) => x.severity === sev).length} open</Text>
                </Group>
              </Anchor>
            ))}
          </Group>
        )}
      </QueryState>
      <QueryState q={onCall}>
        {(o) =>
          o.data.length === 0 ? (
            <Text>
              No schedules yet. <Anchor component={Link} to="/schedules">Create one</Anchor>.
            </Text>
          ) : (
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
              {o.data.map((entry) => (
                <OnCallCard key={entry.scheduleId} entry={entry} />
              ))}
            </SimpleGrid>
          )
        }
      </QueryState>
    </Stack>
  );
}

type OnCallEntry = Schema<'OnCallNow'>['data'][number];

/** One schedule's card: who now, until when, who next. All schedules come from one request (GET /on-call). */
function OnCallCard({ entry }: { entry: OnCallEntry }) {
  const o = entry.now;
  return (
    <Card withBorder component="section" aria-label={`On call for ${entry.scheduleName}`}>
      <Anchor component={Link} to={`/schedules/${entry.scheduleId}`} fw={700}>
        {entry.scheduleName}
      </Anchor>
      {!o ? (
        <Alert color="red" mt="xs">
          This schedule cannot be resolved: {entry.error ?? 'unknown error'}
        </Alert>
      ) : (
        <Stack gap={4} mt="xs">
          {o.userId ? (
            <Text size="lg" fw={700} data-testid="on-call-name">
              {o.name}
            </Text>
          ) : (
            <Badge color="red" variant="filled">
              Nobody on call (gap)
            </Badge>
          )}
          {o.source !== 'rotation' && <Text size="sm">via {o.source}{o.coveringFor ? ` for ${o.coveringFor}` : ''}</Text>}
          <Text size="sm">until {fmt(o.shiftEnd)}</Text>
          <Text size="sm">next: {entry.next ? (entry.next.name ?? 'nobody (gap)') : '—'}</Text>
        </Stack>
      )}
    </Card>
  );
}

/** Red banner naming the hours of every gap in the next 14 days, across all schedules. */
function GapBanner({ schedules }: { schedules: Pick<Schedule, 'id' | 'name'>[] }) {
  const from = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
  const to = new Date(Date.parse(from) + GAP_HORIZON_DAYS * DAY).toISOString();
  const results = useQueries({
    queries: schedules.map((s) => ({
      queryKey: ['shifts', s.id, 'gaps', from.slice(0, 15)],
      queryFn: () => ok(client.GET('/api/v1/schedules/{id}/shifts', { params: { path: { id: s.id }, query: { from, to } } })),
    })),
  });
  const gaps = results.flatMap((r, i) => (r.data?.data ?? []).filter((x) => x.gap).map((g) => ({ ...g, schedule: schedules[i]?.name ?? '' })));
  if (gaps.length === 0) return null;
  return (
    <Alert color="red" variant="filled" title={`Coverage gap in the next ${GAP_HORIZON_DAYS} days`} role="alert">
      <ul style={{ margin: 0, paddingLeft: 20 }}>
        {gaps.slice(0, 10).map((g) => (
          <li key={`${g.schedule}-${g.start}`}>
            {g.schedule}: nobody on call from {fmt(g.start)} to {fmt(g.end)}
          </li>
        ))}
      </ul>
    </Alert>
  );
}
