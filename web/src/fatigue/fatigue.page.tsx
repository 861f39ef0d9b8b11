import { Alert, Button, Group, List, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { Loading } from '../components/loading';
import { useMutation, useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { useSearchParams } from 'react-router';
import { client, ok } from '../api/client';
import { QueryState, errorText } from '../components/query-state';
import { ScrollTable } from '../components/scroll-table';

// The chart library is only fetched once a report is on screen.
const FatigueCharts = lazy(() => import('./fatigue-charts'));

const thisMonth = () => new Date().toISOString().slice(0, 7);
const h = (n: number) => `${Math.round(n * 10) / 10} h`;
const ackTime = (s: number | null) => (s == null ? '—' : s < 90 ? `${Math.round(s)} s` : `${Math.round(s / 6) / 10} min`);

/** Fatigue per person per month: charts against the team mean, the fairness warnings, and a CSV export. */
export default function FatiguePage() {
  const [params, setParams] = useSearchParams();
  const month = params.get('month') ?? thisMonth();
  const scheduleId = params.get('scheduleId') ?? '';
  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const schedules = useQuery({ queryKey: ['schedules'], queryFn: () => ok(client.GET('/api/v1/schedules', { params: { query: { limit: 200 } } })) });
  const query = { month, scheduleId: scheduleId || undefined };
  const report = useQuery({
    queryKey: ['fatigue', month, scheduleId],
    queryFn: async () => {
      // The operation may also answer CSV (a string); asked for JSON, it answers the report.
      const r = await ok(client.GET('/api/v1/reports/fatigue', { params: { query } }));
      if (typeof r === 'string') throw new Error('the server answered CSV where JSON was asked for');
      return r;
    },
    enabled: /^\d{4}-\d{2}$/.test(month),
  });
  const csv = useMutation({
    mutationFn: async () => {
      const text = await ok(client.GET('/api/v1/reports/fatigue', { params: { query: { ...query, format: 'csv' } }, parseAs: 'text' }));
      const a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([String(text)], { type: 'text/csv' }));
      a.download = `fatigue-${month}${scheduleId ? `-${scheduleId}` : ''}.csv`;
      a.click();
      URL.revokeObjectURL(a.href);
    },
  });
  return (
    <Stack>
      <Title order={1}>Fatigue</Title>
      <Group align="end">
        <TextInput type="month" label="Month" value={month} onChange={(e) => set('month', e.currentTarget.value)} />
        <Select
          label="Schedule"
          placeholder="All schedules"
          clearable
          data={(schedules.data?.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
          value={scheduleId || null}
          onChange={(v) => set('scheduleId', v)}
        />
        <Button variant="outline" onClick={() => csv.mutate()} loading={csv.isPending}>
          Export CSV
        </Button>
      </Group>
      {csv.error && <Alert color="red">{errorText(csv.error)}</Alert>}
      <QueryState q={report}>
        {(r) => (
          <>
            <Text size="sm">
              {r.month} in {r.timezone}: {r.people.length} people.
            </Text>
            <Warnings people={r.people} />
            {r.people.length > 0 && (
              <Suspense fallback={<Loading label="Loading charts" />}>
                <FatigueCharts report={r} />
              </Suspense>
            )}
            <ScrollTable label="Fatigue figures (scrolls sideways)">
              <Table striped aria-label="Fatigue figures">
                <Table.Thead>
                  <Table.Tr>
                    {['Person', 'On call', 'Business', 'After hours', 'Weekend', 'Holiday', 'Pages', 'Night interruptions', 'Mean time to ack'].map((c) => (
                      <Table.Th key={c}>{c}</Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {r.people.map((p) => (
                    <Table.Tr key={p.userId}>
                      <Table.Td>{p.name ?? p.userId}</Table.Td>
                      <Table.Td>{h(p.onCallHours.total)}</Table.Td>
                      <Table.Td>{h(p.onCallHours.business)}</Table.Td>
                      <Table.Td>{h(p.onCallHours.afterHours)}</Table.Td>
                      <Table.Td>{h(p.onCallHours.weekend)}</Table.Td>
                      <Table.Td>{h(p.onCallHours.holiday)}</Table.Td>
                      <Table.Td>{p.pages}</Table.Td>
                      <Table.Td>{p.nightInterruptions}</Table.Td>
                      <Table.Td>{ackTime(p.meanAckSeconds)}</Table.Td>
                    </Table.Tr>
                  ))}
                  <Table.Tr fw={700}>
                    <Table.Td>Team mean</Table.Td>
                    <Table.Td>{h(r.team.onCallHours)}</Table.Td>
                    <Table.Td colSpan={4} />
                    <Table.Td>{Math.round(r.team.pages * 10) / 10}</Table.Td>
                    <Table.Td>{Math.round(r.team.nightInterruptions * 10) / 10}</Table.Td>
                    <Table.Td>{ackTime(r.team.meanAckSeconds)}</Table.Td>
                  </Table.Tr>
                </Table.Tbody>
              </Table>
            </ScrollTable>
          </>
        )}
      </QueryState>
    </Stack>
  );
}

function Warnings({ people }: { people: { userId: string; name: string | null; warnings: { code: string; message: string }[] }[] }) {
  const warned = people.filter((p) => p.warnings.length > 0);
  if (warned.length === 0) return <Text size="sm">No fairness warnings this month.</Text>;
  return (
    <Alert color="orange" title="Fairness warnings" role="alert">
      <List size="sm">
        {warned.flatMap((p) =>
          p.warnings.map((w) => (
            <List.Item key={`${p.userId}-${w.code}`}>
              {p.name ?? p.userId}: {w.message}
            </List.Item>
          )),
        )}
      </List>
    </Alert>
  );
}
