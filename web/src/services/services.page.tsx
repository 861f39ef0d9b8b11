import { Can } from '../components/can';
import { Alert, Button, Card, Code, CopyButton, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { client, ok, type RequestBody } from '../api/client';
import type { Service } from '../api/types';
import { QueryState } from '../components/query-state';
import { useApiMutation } from '../components/use-api-mutation';

const eventsUrl = () => `${location.origin}/v2/enqueue`;

export const alertmanagerYaml = (s: Service) =>
  [
    'receivers:',
    `  - name: nightline-${s.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
    '    webhook_configs:',
    `      - url: ${location.origin}/integrations/alertmanager/${s.routingKey}`,
    '        send_resolved: true',
  ].join('\n');

export default function ServicesPage() {
  const services = useQuery({ queryKey: ['services'], queryFn: () => ok(client.GET('/api/v1/services', { params: { query: { limit: 200 } } })) });
  return (
    <Stack>
      <Title order={1}>Services</Title>
      <Can role="manager">
        <NewServiceForm />
      </Can>
      <QueryState q={services}>{(p) => p.data.map((s) => <ServiceCard key={s.id} service={s} />)}</QueryState>
    </Stack>
  );
}

function Copy({ value, label }: { value: string; label: string }) {
  return (
    <CopyButton value={value}>
      {({ copied, copy }) => (
        <Button size="xs" variant="outline" onClick={copy} aria-label={label}>
          {copied ? 'Copied' : 'Copy'}
        </Button>
      )}
    </CopyButton>
  );
}

function ServiceCard({ service: s }: { service: Service }) {
  const rotate = useApiMutation(() => ok(client.POST('/api/v1/services/{id}/rotate-routing-key', { params: { path: { id: s.id } } })), [['services']]);
  return (
    <Card withBorder component="section" aria-label={`Service ${s.name}`}>
      <Title order={2} size="h4">
        {s.name}
      </Title>
      <Text size="sm" mt="xs">
        PagerDuty Events API v2 URL (send <Code>routing_key</Code> in the body):
      </Text>
      <Group gap="xs" wrap="nowrap">
        <Code data-testid="events-url" style={{ overflowWrap: 'anywhere' }}>{eventsUrl()}</Code>
        <Copy value={eventsUrl()} label={`Copy Events API URL of ${s.name}`} />
      </Group>
      <Text size="sm" mt="xs">Routing key:</Text>
      <Group gap="xs" wrap="nowrap">
        <Code data-testid="routing-key" style={{ overflowWrap: 'anywhere' }}>{s.routingKey}</Code>
        <Copy value={s.routingKey} label={`Copy routing key of ${s.name}`} />
        <Can role="manager">
          <Button size="xs" color="red.9" variant="outline" loading={rotate.isPending} onClick={() => rotate.mutate(undefined)}>
            Rotate key
          </Button>
        </Can>
      </Group>
      <Text size="sm" mt="xs">Alertmanager receiver:</Text>
      <Code block tabIndex={0} aria-label={`Alertmanager YAML of ${s.name}`}>
        {alertmanagerYaml(s)}
      </Code>
      <Group mt={4}>
        <Copy value={alertmanagerYaml(s)} label={`Copy Alertmanager YAML of ${s.name}`} />
      </Group>
      {rotate.general && <Alert color="red">{rotate.general}</Alert>}
    </Card>
  );
}

function NewServiceForm() {
  const [name, setName] = useState('');
  const [policyId, setPolicyId] = useState<string | null>(null);
  const policies = useQuery({ queryKey: ['policies'], queryFn: () => ok(client.GET('/api/v1/escalation-policies', { params: { query: { limit: 200 } } })) });
  const create = useApiMutation((body: RequestBody<'/api/v1/services', 'post'>) => ok(client.POST('/api/v1/services', { body })), [['services']], () => setName(''));
  return (
    <Card withBorder component="form" aria-label="Add a service" onSubmit={(e: React.FormEvent) => {
      e.preventDefault();
      create.mutate({ name, escalationPolicyId: policyId ?? '' });
    }}>
      <Group align="start">
        <TextInput label="Service name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={create.fieldError('name')} />
        <Select
          label="Escalation policy"
          data={(policies.data?.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
          value={policyId}
          onChange={setPolicyId}
          error={create.fieldError('escalationPolicyId')}
        />
      </Group>
      {create.general && <Alert color="red" mt="sm">{create.general}</Alert>}
      <Button type="submit" mt="md" loading={create.isPending}>
        Add service
      </Button>
    </Card>
  );
}
