import { Alert, Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { client, ok } from '../api/client';
import type { Schedule, Shift } from '../api/types';
import { fmt } from '../components/time';
import { useApiMutation } from '../components/use-api-mutation';
import type { ShiftContext } from './shift-kinds';

const DAY = 86_400_000;

/** Other people's shifts within four weeks either side that have not started: what this shift can be swapped with. */
function useSwapCandidates(schedule: Schedule, shift: Shift | null) {
  const at = shift ? Date.parse(shift.start) : 0;
  const from = new Date(Math.max(at - 28 * DAY, Date.now() - DAY)).toISOString();
  const to = new Date(at + 35 * DAY).toISOString();
  return useQuery({
    queryKey: ['shifts', schedule.id, 'swap-candidates', from.slice(0, 13), to.slice(0, 13)],
    enabled: !!shift,
    queryFn: () => ok(client.GET('/api/v1/schedules/{id}/shifts', { params: { path: { id: schedule.id }, query: { from, to } } })),
    select: (r) => r.data.filter((s) => !s.gap && s.userId && s.userId !== shift?.userId && Date.parse(s.start) > Date.now()),
  });
}

/** What can be done with one shift of the final schedule: "Swap with…" another person's shift, in one step. */
export function ShiftActions({ schedule, shift, ctx, onClose }: { schedule: Schedule; shift: Shift | null; ctx: ShiftContext; onClose: () => void }) {
  const [other, setOther] = useState<string | null>(null);
  const candidates = useSwapCandidates(schedule, shift);
  const swap = useApiMutation(
    (b: { a: string; b: string }) =>
      ok(client.POST('/api/v1/schedules/{id}/swaps', { params: { path: { id: schedule.id } }, body: { shiftA: { start: b.a }, shiftB: { start: b.b } } })),
    [['shifts', schedule.id], ['oncall', schedule.id]],
    () => {
      setOther(null);
      onClose();
    },
  );
  const close = () => {
    setOther(null);
    swap.reset();
    onClose();
  };
  const who = shift ? (shift.name ?? (shift.userId ? ctx.nameOf(shift.userId) : 'nobody')) : '';
  const error = swap.general ?? swap.fieldError('shiftA.start') ?? swap.fieldError('shiftB.start');
  return (
    <Modal opened={!!shift} onClose={close} title={`Shift of ${who}`} closeButtonProps={{ 'aria-label': 'Close' }}>
      {shift && (
        <form
          aria-label="Swap with another shift"
          onSubmit={(e) => {
            e.preventDefault();
            if (other) swap.mutate({ a: shift.start, b: other });
          }}
        >
          <Stack>
            <Text size="sm">
              {fmt(shift.start)} → {fmt(shift.end)}
              <br />
              Schedule zone: {fmt(shift.start, schedule.timezone)} → {fmt(shift.end, schedule.timezone)}
            </Text>
            <Select
              label="Swap with…"
              placeholder={candidates.isPending ? 'Loading shifts…' : 'Pick the other person’s shift'}
              data={(candidates.data ?? []).map((s) => ({ value: s.start, label: `${s.name ?? ctx.nameOf(s.userId ?? '')}: ${fmt(s.start)} → ${fmt(s.end)}` }))}
              value={other}
              onChange={setOther}
              searchable
              nothingFoundMessage="No other person has a shift within four weeks"
              comboboxProps={{ withinPortal: false }}
            />
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <Group>
              <Button type="submit" disabled={!other} loading={swap.isPending}>
                Swap shifts
              </Button>
              <Button variant="subtle" onClick={close}>
                Cancel
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
