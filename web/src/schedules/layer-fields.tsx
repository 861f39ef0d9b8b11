import { Button, Card, Group, MultiSelect, NumberInput, Select, Stack, TextInput, Title } from '@mantine/core';
import { MemberOrder } from './member-order';
import { newKey, type LayerDraft, type RestrictionDraft, type RotationType } from './schedule-draft';

export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
// Mantine's dimmed description grey fails WCAG AA contrast on white.
export const READABLE = { description: { color: '#343a40' } };
const DAY_OPTIONS = WEEKDAYS.map((d, i) => ({ value: String(i), label: d }));

interface Props {
  index: number;
  layer: LayerDraft;
  onChange: (l: LayerDraft) => void;
  onRemove?: () => void;
  people: { value: string; label: string }[];
  /** The API's 400 message for a field of this layer (`handoffTime`, `members`, `restrictions.0.start`…), if any. */
  errorOf: (field: string) => string | undefined;
}

function RestrictionRow({ r, n, onChange, onRemove, errorOf }: { r: RestrictionDraft; n: number; onChange: (r: RestrictionDraft) => void; onRemove: () => void; errorOf: Props['errorOf'] }) {
  return (
    <Group align="end" gap="xs" wrap="wrap">
      <MultiSelect label={`Window ${n + 1}: days (all when empty)`} data={DAY_OPTIONS} value={r.days} onChange={(days) => onChange({ ...r, days })} w={260} comboboxProps={{ withinPortal: false }} error={errorOf(`restrictions.${n}.days`)} />
      <TextInput label={`Window ${n + 1}: from`} value={r.start} onChange={(e) => onChange({ ...r, start: e.currentTarget.value })} w={120} error={errorOf(`restrictions.${n}.start`)} />
      <TextInput label={`Window ${n + 1}: until`} value={r.end} onChange={(e) => onChange({ ...r, end: e.currentTarget.value })} w={120} error={errorOf(`restrictions.${n}.end`)} />
      <Button variant="subtle" color="red" onClick={onRemove}>
        Remove window {n + 1}
      </Button>
    </Group>
  );
}

/** One rotation: its type, handoff, period, start, active windows and members in order. */
export function LayerFields({ index, layer, onChange, onRemove, people, errorOf }: Props) {
  const set = <K extends keyof LayerDraft>(k: K, v: LayerDraft[K]) => onChange({ ...layer, [k]: v });
  const title = index === 0 ? 'Layer 1 (base rotation)' : `Layer ${index + 1}`;
  const setRestriction = (i: number, r: RestrictionDraft) => set('restrictions', layer.restrictions.map((x, j) => (j === i ? r : x)));
  return (
    <Card withBorder component="fieldset" aria-label={title} className="nl-layer-fields">
      <Group justify="space-between">
        <Title order={3} size="h5">
          {title}
        </Title>
        {onRemove && (
          <Button variant="subtle" color="red" size="xs" onClick={onRemove}>
            Remove layer {index + 1}
          </Button>
        )}
      </Group>
      <Stack gap="xs">
        <Group align="start" gap="xs" wrap="wrap">
          {index > 0 && <TextInput label={`Layer ${index + 1} name`} value={layer.name} onChange={(e) => set('name', e.currentTarget.value)} w={200} error={errorOf('name')} />}
          <Select
            label={`Layer ${index + 1} rotation`}
            data={[
              { value: 'daily', label: 'daily' },
              { value: 'weekly', label: 'weekly' },
              { value: 'custom', label: 'custom period' },
            ]}
            value={layer.rotationType}
            onChange={(v) => v && set('rotationType', v as RotationType)}
            allowDeselect={false}
            w={150}
            error={errorOf('rotationType')}
            comboboxProps={{ withinPortal: false }}
          />
          {layer.rotationType === 'weekly' && (
            <Select label={`Layer ${index + 1} handoff day`} data={DAY_OPTIONS} value={layer.handoffDay} onChange={(v) => v && set('handoffDay', v)} allowDeselect={false} w={160} error={errorOf('handoffDay')} comboboxProps={{ withinPortal: false }} />
          )}
          <TextInput label={`Layer ${index + 1} handoff time`} description="HH:mm, schedule zone" styles={READABLE} value={layer.handoffTime} onChange={(e) => set('handoffTime', e.currentTarget.value)} w={150} error={errorOf('handoffTime')} />
          {layer.rotationType === 'custom' && (
            <>
              <NumberInput label={`Layer ${index + 1} period`} min={1} value={layer.period} onChange={(v) => set('period', Number(v) || 1)} w={110} error={errorOf('periodDays') ?? errorOf('periodHours')} />
              <Select label={`Layer ${index + 1} period unit`} data={['days', 'hours']} value={layer.periodUnit} onChange={(v) => set('periodUnit', v === 'hours' ? 'hours' : 'days')} allowDeselect={false} w={110} comboboxProps={{ withinPortal: false }} />
            </>
          )}
          <TextInput type="date" label={`Layer ${index + 1} starts`} value={layer.startDate} onChange={(e) => set('startDate', e.currentTarget.value)} w={170} error={errorOf('startDate')} />
        </Group>
        <Stack gap={4}>
          {layer.restrictions.map((r, i) => (
            <RestrictionRow key={r.key} r={r} n={i} onChange={(x) => setRestriction(i, x)} onRemove={() => set('restrictions', layer.restrictions.filter((_, j) => j !== i))} errorOf={errorOf} />
          ))}
          <Group>
            <Button variant="outline" size="xs" onClick={() => set('restrictions', [...layer.restrictions, { key: newKey(), days: [], start: '18:00', end: '09:00' }])}>
              {layer.restrictions.length ? 'Add another active window' : 'Only active in some hours or days…'}
            </Button>
            {errorOf('restrictions') && <span className="nl-field-error">{errorOf('restrictions')}</span>}
          </Group>
        </Stack>
        <MemberOrder label={`Layer ${index + 1} members, in rotation order`} members={layer.members} onChange={(m) => set('members', m)} people={people} error={errorOf('members')} />
      </Stack>
    </Card>
  );
}
