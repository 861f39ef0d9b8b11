import { Alert, Anchor, Button, Card, Group, MultiSelect, Select, Stack, Table, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { client, ok, type RequestBody } from '../api/client';
import { QueryState } from '../components/query-state';
import { useApiMutation } from '../components/use-api-mutation';
import { viewerTimeZone } from '../components/time';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export default function SchedulesPage() {
  const schedules = useQuery({ queryKey: ['schedules'], queryFn: () => ok(client.GET('/api/v1/schedules', { params: { query: { limit: 200 } } })) });
  return (
    <Stack>
      <Title order={1}>Schedules</Title>
      <NewScheduleForm />
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
                    {s.handoffTime}, {s.members.length} people
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
  const users = useQuery({ queryKey: ['users'], queryFn: () => ok(client.GET('/api/v1/users', { params: { query: { limit: 200 } } })) });
  const [name, setName] = useState('');
  const [timezone, setTimezone] = useState(viewerTimeZone);
  const [rotationType, setRotationType] = useState<'daily' | 'weekly'>('weekly');
  const [handoffDay, setHandoffDay] = useState<string | null>('1');
  const [handoffTime, setHandoffTime] = useState('09:00');
  const [members, setMembers] = useState<string[]>([]);
  // A week back by default, so the rotation already covers today instead of leaving a gap until the first handoff.
  const [startDate, setStartDate] = useState(new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10));
  const create = useApiMutation((body: RequestBody<'/api/v1/schedules', 'post'>) => ok(client.POST('/api/v1/schedules', { body })), [['schedules']], (s) => navigate(`/schedules/${s.id}`));
  return (
    <Card withBorder component="form" aria-label="Create a schedule" onSubmit={(e: React.FormEvent) => {
      e.preventDefault();
      create.mutate({
        name,
        timezone,
        rotationType,
        handoffTime,
        ...(rotationType === 'weekly' ? { handoffDay: Number(handoffDay) } : {}),
        startDate,
        members: members.map((userId) => ({ userId })),
      });
    }}>
      <Title order={2} size="h4" mb="sm">
        Create a schedule
      </Title>
      <Group align="start">
        <TextInput label="Schedule name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={create.fieldError('name')} />
        <TextInput label="Time zone" value={timezone} onChange={(e) => setTimezone(e.currentTarget.value)} error={create.fieldError('timezone')} />
        <Select label="Rotation" data={['daily', 'weekly']} value={rotationType} onChange={(v) => setRotationType(v === 'daily' ? 'daily' : 'weekly')} allowDeselect={false} error={create.fieldError('rotationType')} w={140} />
        {rotationType === 'weekly' && (
          <Select label="Handoff day" data={WEEKDAYS.map((d, i) => ({ value: String(i), label: d }))} value={handoffDay} onChange={setHandoffDay} w={160} />
        )}
        <TextInput label="Handoff time" value={handoffTime} onChange={(e) => setHandoffTime(e.currentTarget.value)} error={create.fieldError('handoffTime')} w={130} />
        <TextInput type="date" label="Rotation starts" value={startDate} onChange={(e) => setStartDate(e.currentTarget.value)} error={create.fieldError('startDate')} w={170} />
      </Group>
      <MultiSelect
        mt="sm"
        label="Members, in rotation order"
        searchable
        data={(users.data?.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
        value={members}
        onChange={setMembers}
        error={create.fieldError('members')}
      />
      {create.general && <Alert color="red" mt="sm">{create.general}</Alert>}
      <Button type="submit" mt="md" loading={create.isPending}>
        Create schedule
      </Button>
    </Card>
  );
}
