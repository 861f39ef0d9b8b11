import { Anchor, Badge, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { client, ok, type Schema } from '../api/client';
import { QueryState } from '../components/query-state';
import { fmt } from '../components/time';
import { timelineLabel } from '../alerts/timeline-labels';
import { Can } from '../components/can';
import { NewLineForm } from './new-line-form';

type PhoneLine = Schema<'PhoneLine'>;
type LineCall = Schema<'PhoneLineCall'>;

/** How often the calls refresh: a call that just ended shows up without a reload. */
const CALLS_POLL_MS = 5000;

/** The after-hours numbers, whom each rings, and each one's recent inbound calls. */
export default function PhoneLinesPage() {
  const lines = useQuery({ queryKey: ['phone-lines'], queryFn: () => ok(client.GET('/api/v1/phone-lines', { params: { query: { limit: 200 } } })) });
  const names = useTargetNames();
  return (
    <Stack>
      <Title order={1}>Phone lines</Title>
      <Text>
        Numbers customers call after hours. Each rings whoever is on call, then falls back to voicemail, which becomes an alert.
      </Text>
      <Can role="manager">
        <NewLineForm />
      </Can>
      <QueryState q={lines}>
        {(p) =>
          p.data.length === 0 ? (
            <Text>No phone lines yet.</Text>
          ) : (
            p.data.map((line) => <LineCard key={line.id} line={line} names={names} />)
          )
        }
      </QueryState>
    </Stack>
  );
}

/** Names of the schedules, policies and runbooks lines ring (ids when a list has not loaded). */
function useTargetNames() {
  const query = { params: { query: { limit: 200 } } };
  const schedules = useQuery({ queryKey: ['schedules'], queryFn: () => ok(client.GET('/api/v1/schedules', query)) });
  const policies = useQuery({ queryKey: ['policies'], queryFn: () => ok(client.GET('/api/v1/escalation-policies', query)) });
  const runbooks = useQuery({ queryKey: ['runbooks'], queryFn: () => ok(client.GET('/api/v1/runbooks', query)) });
  const find = (list: { id: string; name: string }[] | undefined, id: string) => list?.find((x) => x.id === id)?.name ?? id;
  return {
    schedule: (id: string) => find(schedules.data?.data, id),
    policy: (id: string) => find(policies.data?.data, id),
    runbook: (id: string) => find(runbooks.data?.data, id),
  };
}

function LineCard({ line, names }: { line: PhoneLine; names: ReturnType<typeof useTargetNames> }) {
  const calls = useQuery({
    queryKey: ['phone-lines', line.id, 'calls'],
    queryFn: () => ok(client.GET('/api/v1/phone-lines/{id}/calls', { params: { path: { id: line.id }, query: { limit: 20 } } })),
    refetchInterval: CALLS_POLL_MS,
  });
  const rings = [
    line.runbookId ? `the NightDesk runbook ${names.runbook(line.runbookId)}` : null,
    line.scheduleId ? `whoever is on call for ${names.schedule(line.scheduleId)}` : null,
    line.escalationPolicyId ? `then the escalation policy ${names.policy(line.escalationPolicyId)}` : null,
  ].filter(Boolean);
  return (
    <Card withBorder component="section" aria-label={`Phone line ${line.name}`}>
      <Title order={2} size="h4">
        {line.name} · <span className="wrap-anywhere">{line.number}</span>
      </Title>
      <Text size="sm" mt="xs">
        Rings {rings.join(', ') || 'nobody yet'}.
      </Text>
      {line.greeting && <Text size="sm">Greeting: “{line.greeting}”</Text>}
      <Title order={3} size="h5" mt="sm">
        Recent calls
      </Title>
      <QueryState q={calls}>
        {(c) =>
          c.data.length === 0 ? (
            <Text size="sm">No calls yet.</Text>
          ) : (
            <List spacing="sm" listStyleType="none" aria-label={`Recent calls to ${line.name}`}>
              {c.data.map((call) => (
                <List.Item key={call.id}>
                  <CallRow call={call} />
                </List.Item>
              ))}
            </List>
          )
        }
      </QueryState>
    </Card>
  );
}

function CallRow({ call }: { call: LineCall }) {
  return (
    <Stack gap={2} className="wrap-anywhere">
      <Group gap="xs">
        <Text size="sm" fw={700}>
          {call.from || 'unknown caller'}
        </Text>
        <Text size="sm">{fmt(call.at)}</Text>
        {call.answeredBy ? <Badge color="#1b5e20">answered by {call.answeredBy}</Badge> : <Badge color="gray.8">not answered</Badge>}
        {call.emergency && <Badge color="red.9">emergency</Badge>}
      </Group>
      {call.voicemailUrl && (
        <Text size="sm">
          <Anchor href={call.voicemailUrl} target="_blank" rel="noreferrer">
            Voicemail{call.voicemailSeconds ? ` (${call.voicemailSeconds} s)` : ''}
          </Anchor>
          {call.transcription ? `: “${call.transcription}”` : ' (no transcription yet)'}
        </Text>
      )}
      {call.alertId && (
        <Text size="sm">
          <Anchor component={Link} to={`/alerts/${call.alertId}`}>
            Its alert
          </Anchor>
        </Text>
      )}
      <Text size="xs">
        {call.hops.map((h) => timelineLabel(h.action)).join(' → ')}
      </Text>
    </Stack>
  );
}
