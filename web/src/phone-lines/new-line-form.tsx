import { Alert, Button, Card, Checkbox, Group, Select, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { client, ok, type RequestBody } from '../api/client';
import { useApiMutation } from '../components/use-api-mutation';

/** A new after-hours number (managers): whom it rings, its greeting, and whether callers are asked about an emergency. */
export function NewLineForm() {
  const query = { params: { query: { limit: 200 } } };
  const schedules = useQuery({ queryKey: ['schedules'], queryFn: () => ok(client.GET('/api/v1/schedules', query)) });
  const policies = useQuery({ queryKey: ['policies'], queryFn: () => ok(client.GET('/api/v1/escalation-policies', query)) });
  const [name, setName] = useState('');
  const [number, setNumber] = useState('');
  const [scheduleId, setScheduleId] = useState<string | null>(null);
  const [policyId, setPolicyId] = useState<string | null>(null);
  const [greeting, setGreeting] = useState('');
  const [emergencyPrompt, setEmergencyPrompt] = useState(false);
  const create = useApiMutation((body: RequestBody<'/api/v1/phone-lines', 'post'>) => ok(client.POST('/api/v1/phone-lines', { body })), [['phone-lines']], () => {
    setName('');
    setNumber('');
    setGreeting('');
  });
  return (
    <Card
      withBorder
      component="form"
      aria-label="Add a phone line"
      onSubmit={(e: React.FormEvent) => {
        e.preventDefault();
        create.mutate({
          name,
          number,
          ...(scheduleId ? { scheduleId } : {}),
          ...(policyId ? { escalationPolicyId: policyId } : {}),
          ...(greeting ? { greeting } : {}),
          emergencyPrompt,
        });
      }}
    >
      <Title order={2} size="h4" mb="sm">
        Add a phone line
      </Title>
      <Group align="start" grow>
        <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={create.fieldError('name')} />
        <TextInput label="Number (E.164)" placeholder="+15551239999" value={number} onChange={(e) => setNumber(e.currentTarget.value)} error={create.fieldError('number')} />
      </Group>
      <Group align="start" grow mt="sm">
        <Select label="Rings whoever is on call for" placeholder="A schedule" clearable data={(schedules.data?.data ?? []).map((s) => ({ value: s.id, label: s.name }))} value={scheduleId} onChange={setScheduleId} error={create.fieldError('scheduleId')} />
        <Select label="Then the escalation policy" placeholder="A policy" clearable data={(policies.data?.data ?? []).map((p) => ({ value: p.id, label: p.name }))} value={policyId} onChange={setPolicyId} error={create.fieldError('escalationPolicyId')} />
      </Group>
      <TextInput mt="sm" label="Greeting" placeholder="You have reached Acme after hours." value={greeting} onChange={(e) => setGreeting(e.currentTarget.value)} error={create.fieldError('greeting')} />
      <Checkbox mt="sm" label="Ask callers whether it is an emergency" checked={emergencyPrompt} onChange={(e) => setEmergencyPrompt(e.currentTarget.checked)} />
      {create.general && <Alert color="red" mt="sm">{create.general}</Alert>}
      <Button type="submit" mt="md" loading={create.isPending}>
        Add line
      </Button>
    </Card>
  );
}
