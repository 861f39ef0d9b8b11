import { Alert, Button, Card, FileInput, Group, List, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { client, ok } from '../api/client';
import type { Schedule } from '../api/types';
import { useApiMutation } from '../components/use-api-mutation';

/** Holidays: upload an .ics file (re-uploading the same file changes nothing), and see the next ones. */
export function HolidayUpload({ schedule }: { schedule: Schedule }) {
  const [file, setFile] = useState<File | null>(null);
  const today = new Date().toISOString().slice(0, 10);
  const holidays = useQuery({
    queryKey: ['shifts', schedule.id, 'holidays', today],
    queryFn: () => ok(client.GET('/api/v1/schedules/{id}/holidays', { params: { path: { id: schedule.id }, query: { from: today } } })),
  });
  const upload = useApiMutation(
    async (f: File) =>
      ok(
        client.POST('/api/v1/schedules/{id}/holidays/import', {
          params: { path: { id: schedule.id }, query: {} },
          body: await f.text(),
          bodySerializer: (b: string) => b,
          headers: { 'Content-Type': 'text/calendar' },
        }),
      ),
    [['shifts', schedule.id]],
  );
  const next = (holidays.data?.data ?? []).slice(0, 6);
  return (
    <Card
      withBorder
      component="form"
      aria-label="Holidays"
      onSubmit={(e: React.FormEvent) => {
        e.preventDefault();
        if (file) upload.mutate(file);
      }}
    >
      <Title order={2} size="h4">
        Holidays
      </Title>
      <Group align="end">
        <FileInput label="Holiday calendar (.ics)" accept=".ics,text/calendar" value={file} onChange={setFile} clearable w={280} />
        <Button type="submit" variant="outline" disabled={!file} loading={upload.isPending}>
          Upload holidays
        </Button>
      </Group>
      {upload.isSuccess && (
        <Alert color="green" mt="sm" role="status">
          Imported {upload.data.imported as number} new holiday(s), updated {upload.data.updated as number}.
        </Alert>
      )}
      {upload.error && (
        <Alert color="red" mt="sm" role="alert">
          {upload.general ?? upload.error.message}
        </Alert>
      )}
      {next.length > 0 ? (
        <List size="sm" mt="sm" aria-label="Next holidays">
          {next.map((h) => (
            <List.Item key={h.id}>
              ★ {h.date}: {h.name}
            </List.Item>
          ))}
        </List>
      ) : (
        <Text size="sm" mt="sm">
          No holidays ahead.
        </Text>
      )}
    </Card>
  );
}
