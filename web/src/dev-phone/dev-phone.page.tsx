import { Alert, Button, Card, Group, List, SegmentedControl, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { client, ok, type RequestBody } from '../api/client';
import type { DevPhone } from '../api/types';
import { QueryState } from '../components/query-state';
import { fmt } from '../components/time';
import { useApiMutation } from '../components/use-api-mutation';
import { CallALine } from './call-a-line';

const NEXT_CALL_LABEL: Record<string, string> = {
  'answer-press-1': 'Answer, press 1',
  'answer-silent': 'Answer, press nothing',
  'ring-out': 'Let it ring out',
  voicemail: 'Voicemail machine',
  busy: 'Busy',
};

/** Every simulated phone, live: what its next call does, the calls and texts it got, and an SMS reply box. */
export default function DevPhonePage() {
  const state = useQuery({ queryKey: ['dev-phone'], queryFn: () => ok(client.GET('/api/v1/dev-phone')), refetchInterval: 1500 });
  return (
    <Stack>
      <Title order={1}>Dev phone</Title>
      <QueryState q={state}>
        {(s) =>
          !s.enabled ? (
            <Alert color="gray">The dev phone only works while the built-in Twilio simulator runs (npm run dev without Twilio credentials).</Alert>
          ) : (
            <>
              <Text>
                Each person's phone is simulated. Choose what the phone does when Nightline next calls it; texts sent from here go to
                Nightline's number {s.nightlineNumber}.
              </Text>
              <CallALine />
              <SimpleGrid cols={{ base: 1, md: 2 }}>
                {(s.phones ?? []).map((p) => (
                  <PhoneCard key={p.number} phone={p} choices={s.nextCallChoices ?? []} />
                ))}
              </SimpleGrid>
            </>
          )
        }
      </QueryState>
    </Stack>
  );
}

type NextCall = RequestBody<'/api/v1/dev-phone/phones/{number}/next-call', 'post'>['nextCall'];

function PhoneCard({ phone, choices }: { phone: DevPhone; choices: NextCall[] }) {
  const [next, setNext] = useState('ring-out');
  const [text, setText] = useState('');
  const arm = useApiMutation((nextCall: NextCall) => ok(client.POST('/api/v1/dev-phone/phones/{number}/next-call', { params: { path: { number: phone.number } }, body: { nextCall } })), []);
  const sms = useApiMutation((body: string) => ok(client.POST('/api/v1/dev-phone/sms', { body: { from: phone.number, body } })), [['dev-phone']], () => setText(''));
  return (
    <Card withBorder component="section" aria-label={`Phone of ${phone.name}`}>
      <Title order={2} size="h4">
        {phone.name} · {phone.number}
      </Title>
      <Text size="sm" mt="xs" id={`next-${phone.number}`}>
        When Nightline next calls:
      </Text>
      <SegmentedControl
        aria-labelledby={`next-${phone.number}`}
        fullWidth
        orientation="vertical"
        data={choices.map((c) => ({ value: c, label: NEXT_CALL_LABEL[c] ?? c }))}
        value={next}
        onChange={(v) => {
          setNext(v);
          const choice = choices.find((c) => c === v);
          if (choice) arm.mutate(choice);
        }}
      />
      {arm.isSuccess && <Text size="sm" role="status">Ready: {NEXT_CALL_LABEL[next]}</Text>}
      {arm.general && <Alert color="red">{arm.general}</Alert>}
      <Text fw={700} mt="sm">Calls</Text>
      {phone.calls.length === 0 ? (
        <Text size="sm">No calls yet.</Text>
      ) : (
        <List size="sm" aria-label={`Calls of ${phone.name}`}>
          {phone.calls.map((c) => (
            <List.Item key={c.sid}>
              {fmt(c.at)} · {c.direction === 'inbound' ? `to ${c.to}` : `from ${c.from}`} · {c.status}
              {c.answeredBy ? ` (${c.answeredBy})` : ''}
            </List.Item>
          ))}
        </List>
      )}
      <Text fw={700} mt="sm">Texts</Text>
      {phone.messages.length === 0 ? (
        <Text size="sm">No texts yet.</Text>
      ) : (
        <List size="sm" aria-label={`Texts of ${phone.name}`}>
          {phone.messages.map((m) => (
            <List.Item key={m.sid}>
              {m.from === phone.number ? 'sent' : 'got'}: “{m.body}” · {m.status}
            </List.Item>
          ))}
        </List>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          sms.mutate(text);
        }}
      >
        <Group align="end" mt="sm">
          <TextInput label="Reply by SMS" value={text} onChange={(e) => setText(e.currentTarget.value)} error={sms.fieldError('body')} style={{ flex: 1 }} />
          <Button type="submit" variant="outline" loading={sms.isPending}>
            Send
          </Button>
        </Group>
      </form>
    </Card>
  );
}
