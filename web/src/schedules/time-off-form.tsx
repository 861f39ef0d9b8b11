import { Alert, Button, Card, Group, Select, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { client, ok, type RequestBody } from '../api/client';
import type { Schedule } from '../api/types';
import { useApiMutation } from '../components/use-api-mutation';

/** Time off: the schedule finds cover itself (drawn as "cover" on the calendar). Dates are local days. */
export function TimeOffForm({ schedule }: { schedule: Schedule }) {
  const users = useQuery({ queryKey: ['users'], queryFn: () => ok(client.GET('/api/v1/users', { params: { query: { limit: 200 } } })) });
  const [userId, setUserId] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const local = (d: string) => (d ? new Date(`${d}T00:00`).toISOString() : '');
  const create = useApiMutation((body: RequestBody<'/api/v1/schedules/{id}/time-off', 'post'>) => ok(client.POST('/api/v1/schedules/{id}/time-off', { params: { path: { id: schedule.id } }, body })), [['shifts', schedule.id]]);
  return (
    <Card withBorder component="form" aria-label="Time off" onSubmit={(e: React.FormEvent) => {
      e.preventDefault();
      create.mutate({ userId: userId ?? '', startsAt: local(from), endsAt: local(to) });
    }}>
      <Title order={2} size="h4">
        Time off
      </Title>
      <Group align="start">
        <Select
          label="Person"
          data={schedule.members.map((m) => ({ value: m.userId, label: users.data?.data.find((u) => u.id === m.userId)?.name ?? m.userId }))}
          value={userId}
          onChange={setUserId}
          error={create.fieldError('userId')}
        />
        <TextInput type="date" label="First day" value={from} onChange={(e) => setFrom(e.currentTarget.value)} error={create.fieldError('startsAt')} />
        <TextInput type="date" label="Back on" value={to} onChange={(e) => setTo(e.currentTarget.value)} error={create.fieldError('endsAt')} />
      </Group>
      {create.general && <Alert color="red" mt="sm">{create.general}</Alert>}
      {create.isSuccess && <Alert color="green" mt="sm">Time off recorded; cover is on the calendar.</Alert>}
      <Button type="submit" mt="md" variant="outline" loading={create.isPending}>
        Add time off
      </Button>
    </Card>
  );
}
