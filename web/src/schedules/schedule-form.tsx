import { Alert, Button, Card, Group, Stack, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, client, ok } from '../api/client';
import type { Schedule } from '../api/types';
import { useApiMutation } from '../components/use-api-mutation';
import { LayerFields, READABLE } from './layer-fields';
import { bodyOf, draftOf, emptyLayer, fieldPrefix, type ScheduleBody, type ScheduleDraft } from './schedule-draft';

/** Field → message of a 400; a field also matches errors on its parts (`members` matches `members.2.userId`). */
function errorLookup(err: unknown): (field: string) => string | undefined {
  const fields = err instanceof ApiError && err.status === 400 ? err.fieldErrors() : {};
  return (field) => fields[field] ?? Object.entries(fields).find(([k]) => k.startsWith(`${field}.`))?.[1];
}

/**
 * Create a schedule, or edit one (`schedule` given): name, zone, and its layers. The API's 400 field errors show
 * beside the fields they name; anything else (a 409, say) is one sentence above the button.
 */
export function ScheduleForm({ schedule, initial, onSaved, onCancel }: { schedule?: Schedule; initial: ScheduleDraft; onSaved: (s: Schedule) => void; onCancel?: () => void }) {
  const users = useQuery({ queryKey: ['users'], queryFn: () => ok(client.GET('/api/v1/users', { params: { query: { limit: 200 } } })) });
  const people = (users.data?.data ?? []).map((u) => ({ value: u.id, label: u.name }));
  const [draft, setDraft] = useState<ScheduleDraft>(initial);
  const save = useApiMutation(
    (body: ScheduleBody) =>
      schedule ? ok(client.PATCH('/api/v1/schedules/{id}', { params: { path: { id: schedule.id } }, body })) : ok(client.POST('/api/v1/schedules', { body })),
    [['schedules'], ['schedule'], ['shifts'], ['oncall']],
    onSaved,
  );
  const errorOf = errorLookup(save.error);
  const fieldsNamed = save.error instanceof ApiError && save.error.status === 400 && Object.keys(save.error.fieldErrors()).length > 0;
  const general = save.error && !fieldsNamed ? (save.error instanceof ApiError ? save.error.explain() : 'The server cannot be reached.') : null;
  const label = schedule ? `Edit ${schedule.name}` : 'Create a schedule';
  return (
    <Card
      withBorder
      component="form"
      aria-label={label}
      onSubmit={(e: React.FormEvent) => {
        e.preventDefault();
        save.mutate(bodyOf(draft));
      }}
    >
      <Title order={2} size="h4" mb="sm">
        {label}
      </Title>
      <Stack gap="sm">
        <Group align="start" wrap="wrap">
          <TextInput label="Schedule name" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })} error={errorOf('name')} />
          <TextInput label="Time zone" description="IANA, e.g. America/Chicago" styles={READABLE} value={draft.timezone} onChange={(e) => setDraft({ ...draft, timezone: e.currentTarget.value })} error={errorOf('timezone')} />
        </Group>
        {draft.layers.map((l, i) => (
          <LayerFields
            key={l.key}
            index={i}
            layer={l}
            people={people}
            errorOf={(f) => errorOf(`${fieldPrefix(i)}${f}`)}
            onChange={(x) => setDraft({ ...draft, layers: draft.layers.map((y, j) => (j === i ? x : y)) })}
            {...(i > 0 ? { onRemove: () => setDraft({ ...draft, layers: draft.layers.filter((_, j) => j !== i) }) } : {})}
          />
        ))}
        <Group>
          <Button variant="outline" onClick={() => setDraft({ ...draft, layers: [...draft.layers, emptyLayer(draft.layers[0]?.startDate ?? '')] })}>
            Add a layer
          </Button>
        </Group>
        {general && (
          <Alert color="red" role="alert">
            {general}
          </Alert>
        )}
        {fieldsNamed && (
          <Alert color="red" role="alert">
            Some fields need fixing: see the messages beside them.
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={save.isPending}>
            {schedule ? 'Save schedule' : 'Create schedule'}
          </Button>
          {onCancel && (
            <Button variant="subtle" onClick={onCancel}>
              Cancel
            </Button>
          )}
        </Group>
      </Stack>
    </Card>
  );
}

export { draftOf };
