import { Alert, Button, Card, Checkbox, Group, Modal, Stack, Table, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { client, ok, type RequestBody } from '../api/client';
import { useMe } from '../api/me';
import type { Channel, User } from '../api/types';
import { Can } from '../components/can';
import { ScrollTable } from '../components/scroll-table';
import { QueryState } from '../components/query-state';
import { useApiMutation } from '../components/use-api-mutation';
import { viewerTimeZone } from '../components/time';
import { CHANNELS, PersonSettings } from './person-settings';

export default function PeoplePage() {
  const people = useQuery({ queryKey: ['users'], queryFn: () => ok(client.GET('/api/v1/users', { params: { query: { limit: 200 } } })) });
  const me = useMe().data;
  const [open, setOpen] = useState<User | null>(null);
  const mine = people.data?.data.find((u) => u.id === me?.user?.id);
  return (
    <Stack>
      <Title order={1}>People</Title>
      {mine && (
        <Card withBorder component="section" aria-label="Your phone">
          <Title order={2} size="h4" mb="xs">
            Your phone: {mine.phone}
          </Title>
          <PersonSettings user={mine} />
        </Card>
      )}
      <Can role="manager">
        <NewPersonForm />
      </Can>
      <Modal opened={!!open} onClose={() => setOpen(null)} closeButtonProps={{ 'aria-label': 'Close' }} title={open ? `Paging of ${open.name}` : ''}>
        {open && <PersonSettings user={open} />}
      </Modal>
      <QueryState q={people}>
        {(p) => (
          <ScrollTable label="People (scrolls sideways)">
            <Table striped aria-label="People">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Phone</Table.Th>
                  <Table.Th>Email</Table.Th>
                  <Table.Th>Channels</Table.Th>
                  <Table.Th>Quiet hours</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {p.data.map((u) => (
                  <Table.Tr key={u.id}>
                    <Table.Td>
                      {/* The name opens the person's paging settings (channels, quiet hours, test call and SMS). */}
                      <Button size="compact-sm" variant="subtle" px={0} aria-haspopup="dialog" title="Paging preferences, test call and SMS" onClick={() => setOpen(u)}>
                        {u.name}
                      </Button>
                    </Table.Td>
                    <Table.Td>{u.phone}</Table.Td>
                    <Table.Td>{u.email}</Table.Td>
                    <Table.Td>{u.notificationPrefs?.channels.join(', ') ?? 'phone_call'}</Table.Td>
                    <Table.Td>{u.notificationPrefs?.quietHours ? `${u.notificationPrefs.quietHours.start}–${u.notificationPrefs.quietHours.end}` : '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
      </QueryState>
    </Stack>
  );
}

function NewPersonForm() {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [channels, setChannels] = useState<Channel[]>(['phone_call']);
  const create = useApiMutation((body: RequestBody<'/api/v1/users', 'post'>) => ok(client.POST('/api/v1/users', { body })), [['users']], () => {
    setName('');
    setEmail('');
    setPhone('');
  });
  return (
    <Card withBorder component="form" aria-label="Add a person" onSubmit={(e: React.FormEvent) => {
      e.preventDefault();
      create.mutate({ name, email, phone, timezone: viewerTimeZone, notificationPrefs: { channels } });
    }}>
      <Title order={2} size="h4" mb="sm">
        Add a person
      </Title>
      <Group align="start">
        <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={create.fieldError('name')} />
        <TextInput label="Email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={create.fieldError('email')} />
        <TextInput label="Phone (E.164)" placeholder="+15551230001" value={phone} onChange={(e) => setPhone(e.currentTarget.value)} error={create.fieldError('phone')} />
      </Group>
      <Checkbox.Group label="Page me by" value={channels} onChange={(v) => setChannels(CHANNELS.map((c) => c.value).filter((c) => v.includes(c)))} error={create.fieldError('notificationPrefs.channels')} mt="sm">
        <Group mt={4}>
          {CHANNELS.map((c) => (
            <Checkbox key={c.value} value={c.value} label={c.label} />
          ))}
        </Group>
      </Checkbox.Group>
      {create.general && <Alert color="red" mt="sm">{create.general}</Alert>}
      <Button type="submit" mt="md" loading={create.isPending}>
        Add person
      </Button>
    </Card>
  );
}
