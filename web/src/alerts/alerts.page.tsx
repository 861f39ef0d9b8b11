import { Anchor, Group, MultiSelect, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { client, ok } from '../api/client';
import { ScrollTable } from '../components/scroll-table';
import { QueryState } from '../components/query-state';
import { SeverityBadge, StatusBadge } from '../components/severity-badge';
import { fmt } from '../components/time';

/** Polling at most this far apart keeps the list live without a reload (the issue allows ≤ 5 s). */
export const LIVE_POLL_MS = 3000;
const RANGES: Record<string, number> = { '1h': 3600e3, '24h': 86400e3, '7d': 7 * 86400e3 };

export default function AlertsPage() {
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const severity = params.get('severity') ?? '';
  const serviceId = params.get('serviceId') ?? '';
  const range = params.get('range') ?? '';
  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const services = useQuery({ queryKey: ['services'], queryFn: () => ok(client.GET('/api/v1/services', { params: { query: { limit: 200 } } })) });
  const sinceMs = RANGES[range];
  const alerts = useQuery({
    queryKey: ['alerts', status, severity, serviceId, range],
    queryFn: () =>
      ok(
        client.GET('/api/v1/alerts', {
          params: { query: { status: status || undefined, severity: severity || undefined, serviceId: serviceId || undefined, since: sinceMs ? new Date(Date.now() - sinceMs).toISOString() : undefined, limit: 100 } },
        }),
      ),
    refetchInterval: LIVE_POLL_MS,
  });
  return (
    <Stack>
      <Title order={1}>Alerts</Title>
      <Group align="end">
        <MultiSelect
          label="Status"
          data={['triggered', 'acknowledged', 'resolved']}
          value={status ? status.split(',') : []}
          onChange={(v) => set('status', v.join(','))}
          w={260}
        />
        <MultiSelect
          label="Severity"
          data={['critical', 'high', 'medium', 'low']}
          value={severity ? severity.split(',') : []}
          onChange={(v) => set('severity', v.join(','))}
          w={260}
        />
        <Select
          label="Service"
          clearable
          data={(services.data?.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
          value={serviceId || null}
          onChange={(v) => set('serviceId', v)}
          w={220}
        />
        <Select
          label="Time range"
          clearable
          data={[
            { value: '1h', label: 'Last hour' },
            { value: '24h', label: 'Last 24 hours' },
            { value: '7d', label: 'Last 7 days' },
          ]}
          value={range || null}
          onChange={(v) => set('range', v)}
          w={180}
        />
      </Group>
      <QueryState q={alerts}>
        {(page) =>
          page.data.length === 0 ? (
            <Text>No alerts match.</Text>
          ) : (
            <ScrollTable label="Alerts (scrolls sideways)">
              <Table striped aria-label="Alerts">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Alert</Table.Th>
                    <Table.Th>Severity</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Opened</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {page.data.map((a) => (
                    <Table.Tr key={a.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/alerts/${a.id}`}>
                          {a.title}
                        </Anchor>
                        {a.count > 1 && <Text span size="sm"> ×{a.count}</Text>}
                      </Table.Td>
                      <Table.Td>
                        <SeverityBadge severity={a.severity} />
                      </Table.Td>
                      <Table.Td>
                        <StatusBadge status={a.status} />
                      </Table.Td>
                      <Table.Td>{fmt(a.createdAt)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          )
        }
      </QueryState>
    </Stack>
  );
}
