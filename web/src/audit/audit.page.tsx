import { Badge, Card, Group, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { client, ok, type Schema } from '../api/client';
import { QueryState } from '../components/query-state';
import { fmt } from '../components/time';
import { changedFields } from './audit-diff';

type AuditEntry = Schema<'AuditEntry'>;

/** Kinds of thing the audit log names (src/db/identity/resources.ts). */
const RESOURCES = ['schedule', 'override', 'time-off', 'swap', 'holiday', 'escalation-policy', 'service', 'phone-line', 'alert', 'user', 'runbook', 'team', 'membership', 'api-token', 'session', 'password'];

/** Who changed what, when, and the fields before and after; filtered by actor and resource (kept in the URL). */
export default function AuditPage() {
  const [params, setParams] = useSearchParams();
  const userId = params.get('userId') ?? '';
  const resource = params.get('resource') ?? '';
  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const users = useQuery({ queryKey: ['users'], queryFn: () => ok(client.GET('/api/v1/users', { params: { query: { limit: 200 } } })) });
  const audit = useQuery({
    queryKey: ['audit', userId, resource],
    queryFn: () => ok(client.GET('/api/v1/audit', { params: { query: { userId: userId || undefined, resource: resource || undefined, limit: 200 } } })),
  });
  return (
    <Stack>
      <Title order={1}>Audit log</Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }} maw={640}>
        <Select
          label="Who"
          placeholder="Anyone"
          clearable
          searchable
          data={(users.data?.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
          value={userId || null}
          onChange={(v) => set('userId', v)}
        />
        <Select label="What" placeholder="Everything" clearable data={RESOURCES} value={resource || null} onChange={(v) => set('resource', v)} />
      </SimpleGrid>
      <QueryState q={audit}>
        {(a) =>
          a.items.length === 0 ? (
            <Text>No changes recorded{userId || resource ? ' for this filter' : ''}.</Text>
          ) : (
            <Stack gap="xs" role="list" aria-label="Audit entries">
              {a.items.map((e) => (
                <Entry key={e.id} entry={e} />
              ))}
            </Stack>
          )
        }
      </QueryState>
    </Stack>
  );
}

function Entry({ entry: e }: { entry: AuditEntry }) {
  const changes = changedFields(e.before, e.after);
  return (
    <Card withBorder padding="sm" role="listitem" className="wrap-anywhere">
      <Group gap="xs">
        <Text size="sm" fw={700}>
          {e.actor.name}
        </Text>
        <Text size="sm">{describeAction(e.action)}</Text>
        <Text size="sm">
          {e.resource}
          {e.resourceId ? ` ${e.resourceId}` : ''}
        </Text>
        {e.status >= 400 && <Badge color="red.9">refused ({e.status})</Badge>}
      </Group>
      <Text size="xs">
        {fmt(e.at)} · via {e.via}
      </Text>
      {changes.length > 0 && (
        <dl className="audit-diff" aria-label="Before and after">
          {changes.map((c) => (
            <div key={c.field}>
              <dt>{c.field}</dt>
              <dd>
                <span className="audit-before">{c.before}</span> → <span className="audit-after">{c.after}</span>
              </dd>
            </div>
          ))}
        </dl>
      )}
    </Card>
  );
}

/** "PATCH /api/v1/users/:id" → "changed"; the route stays available on hover-less screens through the resource. */
function describeAction(action: string): string {
  const method = action.split(' ')[0];
  if (action.endsWith('/test-call')) return 'sent a test call to';
  if (action.endsWith('/test-sms')) return 'sent a test SMS to';
  return { POST: 'created or acted on', PATCH: 'changed', PUT: 'replaced', DELETE: 'deleted' }[method ?? ''] ?? action;
}
