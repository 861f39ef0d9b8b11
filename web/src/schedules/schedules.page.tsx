import { Anchor, Stack, Table, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { client, ok } from '../api/client';
import { QueryState } from '../components/query-state';
import { viewerTimeZone } from '../components/time';
import { ScheduleForm } from './schedule-form';
import { emptyDraft } from './schedule-draft';
import { WEEKDAYS } from './layer-fields';
import { Can } from '../components/can';


export default function SchedulesPage() {
  const schedules = useQuery({ queryKey: ['schedules'], queryFn: () => ok(client.GET('/api/v1/schedules', { params: { query: { limit: 200 } } })) });
  return (
    <Stack>
      <Title order={1}>Schedules</Title>
      <Can role="manager">
        <NewScheduleForm />
      </Can>
      <QueryState q={schedules}>
        {(p) => (
          <Table striped aria-label="Schedules">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Rotation</Table.Th>
                <Table.Th>Time zone</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {p.data.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/schedules/${s.id}`}>
                      {s.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    {s.rotationType}, handoff {s.rotationType === 'weekly' ? `${WEEKDAYS[s.handoffDay ?? 1]} ` : ''}
                    {s.handoffTime}, {s.members.length} people{s.layers.length ? ` + ${s.layers.length} more layer${s.layers.length > 1 ? 's' : ''}` : ''}
                  </Table.Td>
                  <Table.Td>{s.timezone}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryState>
    </Stack>
  );
}

function NewScheduleForm() {
  const navigate = useNavigate();
  // A week back by default, so the rotation already covers today instead of leaving a gap until the first handoff.
  const [initial] = useState(() => emptyDraft(viewerTimeZone, new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10)));
  return <ScheduleForm initial={initial} onSaved={(s) => navigate(`/schedules/${s.id}`)} />;
}
