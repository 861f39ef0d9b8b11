import { Alert, Button, Group, List, Select, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { client, ok } from '../api/client';
import type { Policy } from '../api/types';
import { fmt } from '../components/time';
import { useApiMutation } from '../components/use-api-mutation';

/** "If this fired now, or at a time I pick": the API answers from the same domain code the workflow runs. */
const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
const isSeverity = (v: string | null): v is (typeof SEVERITIES)[number] => SEVERITIES.some((s) => s === v);

export function DryRunPanel({ policy }: { policy: Policy }) {
  const [when, setWhen] = useState('');
  const [severity, setSeverity] = useState<string | null>('critical');
  const run = useApiMutation(
    () => ok(client.POST('/api/v1/escalation-policies/{id}/dry-run', { params: { path: { id: policy.id } }, body: { ...(when ? { at: new Date(when).toISOString() } : {}), ...(isSeverity(severity) ? { severity } : {}) } })),
    [],
  );
  return (
    <form
      aria-label={`Dry run of ${policy.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        run.mutate(undefined);
      }}
    >
      <Group align="end" mt="sm">
        <TextInput type="datetime-local" label="Fires at (empty: now)" value={when} onChange={(e) => setWhen(e.currentTarget.value)} error={run.fieldError('at')} />
        <Select label="Severity" data={[...SEVERITIES]} value={severity} onChange={setSeverity} w={140} />
        <Button type="submit" variant="outline" loading={run.isPending}>
          Dry run
        </Button>
      </Group>
      {run.general && <Alert color="red">{run.general}</Alert>}
      {run.data && (
        <List mt="sm" size="sm" aria-label={`Dry run result of ${policy.name}`}>
          {run.data.steps.map((s, i) => (
            <List.Item key={i}>
              <b>{fmt(s.at)}</b> · {s.label}:{' '}
              {s.people.map((p) => `${p.name} by ${p.deliver.length ? p.deliver.join(' + ') : `nothing until ${fmt(p.deferUntil)}`}${p.later ? `, ${p.later.channels.join(' + ')} at ${fmt(p.later.at)}` : ''}${p.note ? ` (${p.note})` : ''}`).join('; ') || 'nobody'}
              {s.gaps.length > 0 && ` — gap: ${s.gaps.map((g) => g.reason).join('; ')}`}
            </List.Item>
          ))}
          <List.Item>
            <Text size="sm">Nobody acknowledged: the ladder ends at {fmt(run.data.exhaustedAt)}.</Text>
          </List.Item>
        </List>
      )}
    </form>
  );
}
