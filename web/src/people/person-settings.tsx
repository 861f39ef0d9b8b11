import { Alert, Button, Checkbox, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { client, ok, type RequestBody } from '../api/client';
import { holds, isSelfOrAdmin, useMe } from '../api/me';
import type { Channel, User } from '../api/types';
import { useApiMutation } from '../components/use-api-mutation';

export const CHANNELS: { value: Channel; label: string }[] = [
  { value: 'phone_call', label: 'Phone call' },
  { value: 'sms', label: 'SMS' },
  { value: 'email', label: 'Email me' },
];

/**
 * One person's paging preferences (channels, quiet hours) and "send me a test call / SMS". Editing is for the
 * person themself or a manager; the tests for the person themself or an admin (as the API allows).
 */
export function PersonSettings({ user }: { user: User }) {
  const me = useMe().data;
  const self = me?.user?.id === user.id;
  const mayEdit = isSelfOrAdmin(me, user.id) || holds(me, 'manager');
  const mayTest = isSelfOrAdmin(me, user.id);
  return (
    <Stack gap="sm">
      {mayEdit ? <PrefsForm user={user} /> : <Text size="sm">Only {user.name} or a manager can change these preferences.</Text>}
      {mayTest && <ContactTests user={user} self={self} />}
    </Stack>
  );
}

function PrefsForm({ user }: { user: User }) {
  const prefs = user.notificationPrefs;
  const [channels, setChannels] = useState<Channel[]>(prefs?.channels ?? ['phone_call']);
  const [quietStart, setQuietStart] = useState(prefs?.quietHours?.start ?? '');
  const [quietEnd, setQuietEnd] = useState(prefs?.quietHours?.end ?? '');
  const [throttle, setThrottle] = useState(prefs?.pageThrottleSeconds === undefined ? '' : String(prefs.pageThrottleSeconds));
  const save = useApiMutation(
    (body: NonNullable<RequestBody<'/api/v1/users/{id}', 'patch'>['notificationPrefs']>) => ok(client.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body: { notificationPrefs: body } })),
    [['users']],
  );
  const quiet = quietStart || quietEnd ? { quietHours: { start: quietStart, end: quietEnd } } : {};
  // The API names a value that is not a whole number of seconds in range.
  const ownThrottle = throttle.trim() === '' ? {} : { pageThrottleSeconds: Number(throttle.trim()) };
  return (
    <form
      aria-label={`Paging preferences of ${user.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ channels, ...quiet, ...ownThrottle });
      }}
    >
      <Checkbox.Group
        label="Page by"
        value={channels}
        onChange={(v) => setChannels(CHANNELS.map((c) => c.value).filter((c) => v.includes(c)))}
        error={save.fieldError('notificationPrefs.channels')}
      >
        <Group mt={4}>
          {CHANNELS.map((c) => (
            <Checkbox key={c.value} value={c.value} label={c.label} />
          ))}
        </Group>
      </Checkbox.Group>
      <Text size="sm" mt="sm">
        Quiet hours, in {user.timezone} (leave both empty for none): a critical alert still calls, a high one sends an SMS instead, and lower ones wait until they end.
      </Text>
      <Group align="start" grow>
        <TextInput label="Quiet from" placeholder="22:00" value={quietStart} onChange={(e) => setQuietStart(e.currentTarget.value)} error={save.fieldError('notificationPrefs.quietHours.start')} />
        <TextInput label="Quiet until" placeholder="07:00" value={quietEnd} onChange={(e) => setQuietEnd(e.currentTarget.value)} error={save.fieldError('notificationPrefs.quietHours.end')} />
      </Group>
      <TextInput
        mt="sm"
        label="At most one call and one text every (seconds)"
        description="Pages in between wait and go out together as one bundle. Leave empty for the default; 0 calls for every page. A critical page never waits longer than the default."
        inputMode="numeric"
        placeholder="default"
        value={throttle}
        onChange={(e) => setThrottle(e.currentTarget.value)}
        error={save.fieldError('notificationPrefs.pageThrottleSeconds')}
      />
      {save.general && <Alert color="red" mt="sm">{save.general}</Alert>}
      {save.isSuccess && (
        <Text size="sm" role="status" mt="xs">
          Saved.
        </Text>
      )}
      <Button type="submit" mt="sm" loading={save.isPending}>
        Save preferences
      </Button>
    </form>
  );
}

function ContactTests({ user, self }: { user: User; self: boolean }) {
  const call = useApiMutation(() => ok(client.POST('/api/v1/users/{id}/test-call', { params: { path: { id: user.id } } })), []);
  const sms = useApiMutation(() => ok(client.POST('/api/v1/users/{id}/test-sms', { params: { path: { id: user.id } } })), []);
  const who = self ? 'me' : user.name;
  return (
    <Stack gap={4}>
      <Group>
        <Button variant="outline" loading={call.isPending} onClick={() => call.mutate(undefined)}>
          Send {who} a test call
        </Button>
        <Button variant="outline" loading={sms.isPending} onClick={() => sms.mutate(undefined)}>
          Send {who} a test SMS
        </Button>
      </Group>
      {call.isSuccess && <Text size="sm" role="status">Calling {user.phone} now.</Text>}
      {sms.isSuccess && <Text size="sm" role="status">Text sent to {user.phone}.</Text>}
      {call.general && <Alert color="red">{call.general}</Alert>}
      {sms.general && <Alert color="red">{sms.general}</Alert>}
    </Stack>
  );
}
