import { Anchor, Button, CopyButton, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { client, ok } from '../api/client';
import { useApiMutation } from '../components/use-api-mutation';
import { Can } from '../components/can';

/**
 * The iCal subscribe link. The server keeps only a hash of the feed token, so the link is shown when it is made:
 * "New calendar link" makes one (and revokes the one before, which is also how a leaked link is withdrawn).
 */
export function CalendarFeedLink({ scheduleId, initial }: { scheduleId: string; initial?: string }) {
  const [feed, setFeed] = useState(initial);
  const rotate = useApiMutation(
    () => ok(client.POST('/api/v1/schedules/{id}/rotate-feed-token', { params: { path: { id: scheduleId } } })),
    [],
    (out) => setFeed(out.calendarFeed),
  );
  return (
    <Group gap="xs">
      <Text size="sm">Subscribe in your calendar app:</Text>
      {feed && (
        <>
          <CopyButton value={`${location.origin}${feed}`}>
            {({ copied, copy }) => (
              <Button size="xs" variant="outline" onClick={copy}>
                {copied ? 'Copied' : 'Copy iCal link'}
              </Button>
            )}
          </CopyButton>
          <Anchor href={feed} size="sm">
            Download .ics
          </Anchor>
        </>
      )}
      <Can role="manager">
        <Button size="xs" variant="subtle" loading={rotate.isPending} onClick={() => rotate.mutate(undefined)}>
          {feed ? 'Replace link (the old one stops working)' : 'New calendar link'}
        </Button>
      </Can>
      {rotate.general && (
        <Text size="sm" c="red" role="alert">
          {rotate.general}
        </Text>
      )}
    </Group>
  );
}
