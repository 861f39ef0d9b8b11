import { closestCenter, DndContext, KeyboardSensor, PointerSensor, TouchSensor, useSensor, useSensors, type Announcements, type DragEndEvent } from '@dnd-kit/core';
import { arrayMove, SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { ActionIcon, Group, Input, Select, Text } from '@mantine/core';
import { useId } from 'react';
import './schedule-form.css';

interface Props {
  label: string;
  members: string[];
  onChange: (members: string[]) => void;
  people: { value: string; label: string }[];
  error?: string;
}

function Row({ id, index, count, name, onRemove }: { id: string; index: number; count: number; name: string; onRemove: () => void }) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id });
  return (
    <li ref={setNodeRef} className="nl-member" style={{ transform: CSS.Transform.toString(transform), transition, opacity: isDragging ? 0.6 : 1 }}>
      <button type="button" className="nl-drag-handle" aria-label={`Move ${name}, position ${index + 1} of ${count}`} {...attributes} {...listeners}>
        ⠿
      </button>
      <Text size="sm" component="span" className="nl-member-name">
        {index + 1}. {name}
      </Text>
      <ActionIcon variant="subtle" color="red" aria-label={`Remove ${name}`} onClick={onRemove}>
        ✕
      </ActionIcon>
    </li>
  );
}

/**
 * Members in rotation order, reordered by dragging (mouse, touch) or by keyboard (focus a handle, Space to lift,
 * arrows to move, Space to drop) with spoken announcements: @dnd-kit does all of that, and tested, so we don't.
 */
export function MemberOrder({ label, members, onChange, people, error }: Props) {
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const id = useId();
  const nameOf = (userId: string) => people.find((p) => p.value === userId)?.label ?? userId;
  const position = (userId: unknown) => members.indexOf(String(userId)) + 1;
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${nameOf(String(active.id))}, position ${position(active.id)} of ${members.length}.`,
    onDragOver: ({ active, over }) => (over ? `${nameOf(String(active.id))} is over position ${position(over.id)}.` : undefined),
    onDragEnd: ({ active, over }) => (over ? `${nameOf(String(active.id))} dropped at position ${position(over.id)}.` : `${nameOf(String(active.id))} dropped.`),
    onDragCancel: ({ active }) => `Moving ${nameOf(String(active.id))} was cancelled.`,
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    onChange(arrayMove(members, members.indexOf(String(active.id)), members.indexOf(String(over.id))));
  };
  return (
    <Input.Wrapper label={label} error={error} labelElement="div" id={id}>
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd} accessibility={{ announcements }}>
        <SortableContext items={members} strategy={verticalListSortingStrategy}>
          <ol className="nl-members" aria-label={label}>
            {members.map((m, i) => (
              <Row key={m} id={m} index={i} count={members.length} name={nameOf(m)} onRemove={() => onChange(members.filter((x) => x !== m))} />
            ))}
          </ol>
        </SortableContext>
      </DndContext>
      <Group gap="xs">
        <Select
          aria-label={`Add to ${label}`}
          placeholder="Add a person…"
          searchable
          data={people.filter((p) => !members.includes(p.value))}
          value={null}
          onChange={(v) => v && onChange([...members, v])}
          comboboxProps={{ withinPortal: false }}
        />
      </Group>
    </Input.Wrapper>
  );
}
