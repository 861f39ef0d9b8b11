import { timelineLabel } from './timeline-labels';
import { useCan } from '../api/me';
import { Alert as Notice, Button, Group, Stack, Table, Text, Timeline, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { client, ok } from '../api/client';

import { ScrollTable } from '../components/scroll-table';
import { errorText, QueryState } from '../components/query-state';
import { SeverityBadge, StatusBadge } from '../components/severity-badge';
import { fmt } from '../components/time';
import { LIVE_POLL_MS } from './alerts.page';

/** One alert: what happened (timeline), every notification attempt, and the three actions. */
export default function AlertPage() {
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const can = useCan();
  const alert = useQuery({ queryKey: ['alert', id], queryFn: () => ok(client.GET('/api/v1/alerts/{id}', { params: { path: { id } } })), refetchInterval: LIVE_POLL_MS });
  const act = useMutation({
    mutationFn: (action: 'acknowledge' | 'resolve' | 'escalate') =>
      action === 'escalate'
        ? ok(client.POST('/api/v1/alerts/{id}/escalate', { params: { path: { id } }, body: { by: 'console', asOfLevel: alert.data?.currentLevel } }))
        : ok(client.POST(`/api/v1/alerts/{id}/${action}`, { params: { path: { id } }, body: { by: 'console' } })),
    onSettled: () => qc.invalidateQueries({ queryKey: ['alert', id] }),
  });
  return (
    <QueryState q={alert}>
      {(a) => (
        <Stack>
          <Title order={1}>{a.title}</Title>
          <Group>
            <SeverityBadge severity={a.severity} />
            <StatusBadge status={a.status} />
            <Text size="sm">level {a.currentLevel + 1} · opened {fmt(a.createdAt)} · from {a.source}</Text>
          </Group>
          {a.description && <Text>{a.description}</Text>}
          {a.status !== 'resolved' && can('responder') && (
            <Group>
              {a.status === 'triggered' && (
                <Button onClick={() => act.mutate('acknowledge')} loading={act.isPending}>
                  Acknowledge
                </Button>
              )}
              <Button color="#1b5e20" onClick={() => act.mutate('resolve')} loading={act.isPending}>
                Resolve
              </Button>
              <Button variant="outline" onClick={() => act.mutate('escalate')} loading={act.isPending}>
                Escalate
              </Button>
            </Group>
          )}
          {act.error && <Notice color="red">{errorText(act.error)}</Notice>}
          <Title order={2} size="h3">
            Timeline
          </Title>
          <Timeline bulletSize={14} aria-label="Timeline">
            {a.timeline.map((t, i) => (
              <Timeline.Item key={i} title={<span className="wrap-anywhere" title={t.action}>{timelineLabel(t.action)}</span>}>
                <Text size="sm" className="wrap-anywhere">
                  {fmt(t.timestamp)} · {t.actor}
                </Text>
                {t.details && <Text size="sm" className="wrap-anywhere">{t.details}</Text>}
              </Timeline.Item>
            ))}
          </Timeline>
          <Title order={2} size="h3">
            Notification attempts
          </Title>
          {a.notificationAttempts.length === 0 ? (
            <Text>None yet.</Text>
          ) : (
            <ScrollTable label="Notification attempts (scrolls sideways)">
              <Table aria-label="Notification attempts">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>When</Table.Th>
                    <Table.Th>Level</Table.Th>
                    <Table.Th>Channel</Table.Th>
                    <Table.Th>To</Table.Th>
                    <Table.Th>Status</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {a.notificationAttempts.map((n) => (
                    <Table.Tr key={n.key}>
                      <Table.Td>{fmt(n.createdAt)}</Table.Td>
                      <Table.Td>{n.level === 'owner' ? 'owner' : n.level + 1}</Table.Td>
                      <Table.Td>{n.channel}</Table.Td>
                      <Table.Td>{n.recipient}</Table.Td>
                      <Table.Td>
                        {n.status}
                        {n.error ? ` (${n.error})` : ''}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          )}
        </Stack>
      )}
    </QueryState>
  );
}
