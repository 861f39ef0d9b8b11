import { Can } from '../components/can';
import { Alert, Button, Card, Group, List, MultiSelect, NumberInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { client, ok, type RequestBody } from '../api/client';
import type { Target } from '../api/types';
import { QueryState } from '../components/query-state';
import { useApiMutation } from '../components/use-api-mutation';
import { DryRunPanel } from './dry-run-panel';

interface LevelDraft {
  targets: string[];
  delayMinutes: number;
}
const toTarget = (v: string): Target => {
  const [type, id] = v.split(':');
  return { type: type === 'schedule' ? 'schedule' : 'user', id: id ?? '' };
};

function useTargets() {
  const users = useQuery({ queryKey: ['users'], queryFn: () => ok(client.GET('/api/v1/users', { params: { query: { limit: 200 } } })) });
  const schedules = useQuery({ queryKey: ['schedules'], queryFn: () => ok(client.GET('/api/v1/schedules', { params: { query: { limit: 200 } } })) });
  const options = [
    { group: 'Schedules', items: (schedules.data?.data ?? []).map((s) => ({ value: `schedule:${s.id}`, label: s.name })) },
    { group: 'People', items: (users.data?.data ?? []).map((u) => ({ value: `user:${u.id}`, label: u.name })) },
  ];
  const name = (t: Target) =>
    (t.type === 'schedule' ? schedules.data?.data.find((s) => s.id === t.id)?.name : users.data?.data.find((u) => u.id === t.id)?.name) ?? t.id;
  return { options, name };
}

export default function PoliciesPage() {
  const policies = useQuery({ queryKey: ['policies'], queryFn: () => ok(client.GET('/api/v1/escalation-policies', { params: { query: { limit: 200 } } })) });
  const { name } = useTargets();
  return (
    <Stack>
      <Title order={1}>Escalation policies</Title>
      <Can role="manager">
        <NewPolicyForm />
      </Can>
      <QueryState q={policies}>
        {(p) =>
          p.data.map((pol) => (
            <Card withBorder key={pol.id} component="section" aria-label={`Policy ${pol.name}`}>
              <Title order={2} size="h4">
                {pol.name}
              </Title>
              <List type="ordered" mt="xs">
                {pol.levels.map((l, i) => (
                  <List.Item key={i}>
                    {l.targets.map((t) => `${t.type === 'schedule' ? 'on call for ' : ''}${name(t)}`).join(', ')} — escalate after {l.delayMinutes} min
                    {l.repeatCount > 0 ? `, retried ${l.repeatCount}× every ${l.retryIntervalMinutes} min` : ''}
                  </List.Item>
                ))}
              </List>
              {pol.repeat ? <Text size="sm">Then the whole ladder repeats {pol.repeat}×.</Text> : null}
              <DryRunPanel policy={pol} />
            </Card>
          ))
        }
      </QueryState>
    </Stack>
  );
}

function NewPolicyForm() {
  const [policyName, setPolicyName] = useState('');
  const [levels, setLevels] = useState<LevelDraft[]>([{ targets: [], delayMinutes: 5 }]);
  const { options } = useTargets();
  const create = useApiMutation((body: RequestBody<'/api/v1/escalation-policies', 'post'>) => ok(client.POST('/api/v1/escalation-policies', { body })), [['policies']], () => {
    setPolicyName('');
    setLevels([{ targets: [], delayMinutes: 5 }]);
  });
  const update = (i: number, l: Partial<LevelDraft>) => setLevels(levels.map((x, j) => (j === i ? { ...x, ...l } : x)));
  return (
    <Card withBorder component="form" aria-label="Add an escalation policy" onSubmit={(e: React.FormEvent) => {
      e.preventDefault();
      create.mutate({
        name: policyName,
        levels: levels.map((l) => ({ targets: l.targets.map(toTarget), delayMinutes: l.delayMinutes, repeatCount: 0, retryIntervalMinutes: 0 })),
      });
    }}>
      <TextInput label="Policy name" value={policyName} onChange={(e) => setPolicyName(e.currentTarget.value)} error={create.fieldError('name')} />
      {levels.map((l, i) => (
        <Group key={i} align="start" mt="sm">
          <MultiSelect
            label={`Level ${i + 1}: who is paged`}
            searchable
            data={options}
            value={l.targets}
            onChange={(v) => update(i, { targets: v })}
            error={create.fieldError(`levels.${i}.targets`)}
            miw={260}
          />
          <NumberInput
            label="Escalate after (minutes)"
            min={1}
            value={l.delayMinutes}
            onChange={(v) => update(i, { delayMinutes: Number(v) })}
            error={create.fieldError(`levels.${i}.delayMinutes`)}
            w={200}
          />
        </Group>
      ))}
      <Group mt="md">
        <Button variant="outline" onClick={() => setLevels([...levels, { targets: [], delayMinutes: 5 }])}>
          Add level
        </Button>
        <Button type="submit" loading={create.isPending}>
          Create policy
        </Button>
      </Group>
      {create.general && <Alert color="red" mt="sm">{create.general}</Alert>}
    </Card>
  );
}
