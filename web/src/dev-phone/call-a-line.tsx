import { Alert, Button, Card, Group, List, Select, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { client, ok } from '../api/client';
import { useApiMutation } from '../components/use-api-mutation';

const ENDED = new Set(['completed', 'failed', 'busy', 'no-answer', 'canceled']);

/** Call a phone line as a customer would, and follow the call live: what the caller hears, whom the line rings. */
export function CallALine() {
  const lines = useQuery({ queryKey: ['phone-lines'], queryFn: () => ok(client.GET('/api/v1/phone-lines', { params: { query: { limit: 200 } } })) });
  const [lineId, setLineId] = useState<string | null>(null);
  const [keys, setKeys] = useState('1');
  const place = useApiMutation(
    (id: string) => ok(client.POST('/api/v1/dev-phone/lines/{id}/call', { params: { path: { id } }, body: { pressDigits: keys ? keys.split('') : undefined } })),
    [['phone-lines']],
  );
  const sid = place.data?.sid;
  const progress = useQuery({
    queryKey: ['dev-phone', 'call', sid],
    queryFn: () => ok(client.GET('/api/v1/dev-phone/calls/{sid}', { params: { path: { sid: sid ?? '' } } })),
    enabled: !!sid,
    refetchInterval: (q) => (q.state.data && ENDED.has(q.state.data.status) ? false : 1000),
  });
  const available = lines.data?.data ?? [];
  if (lines.isSuccess && available.length === 0) return null;
  return (
    <Card withBorder component="section" aria-label="Call a phone line">
      <Title order={2} size="h4">
        Call a phone line
      </Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (lineId) place.mutate(lineId);
        }}
      >
        <Group align="end" mt="xs">
          <Select style={{ flex: 1, minWidth: 240 }} label="Line" placeholder="Choose a line" data={available.map((l) => ({ value: l.id, label: `${l.name} (${l.number})` }))} value={lineId} onChange={setLineId} />
          <TextInput
            label="Keys the caller presses at each menu"
            description="In order, e.g. 1 for an emergency; empty to press nothing"
            value={keys}
            onChange={(e) => setKeys(e.currentTarget.value.replace(/[^0-9*#]/g, '').slice(0, 5))}
            error={place.fieldError('pressDigits')}
          />
          <Button type="submit" disabled={!lineId} loading={place.isPending}>
            Place call
          </Button>
        </Group>
      </form>
      {place.general && <Alert color="red" mt="sm">{place.general}</Alert>}
      {progress.data && (
        <div aria-live="polite" className="wrap-anywhere">
          <Text size="sm" mt="sm" fw={700}>
            Call to {place.data?.line}: {progress.data.status}
          </Text>
          <List size="sm" aria-label="What the caller heard">
            {progress.data.heard.map((line, i) => (
              <List.Item key={i}>“{line}”</List.Item>
            ))}
          </List>
          {progress.data.pressed.length > 0 && <Text size="sm">Caller pressed: {progress.data.pressed.join(', ')}</Text>}
          {progress.data.rang.map((r, i) => (
            <Text size="sm" key={i}>
              Rang {r.numbers.join(', ')}: {r.result === 'completed' ? 'connected' : r.result}
            </Text>
          ))}
        </div>
      )}
    </Card>
  );
}
