/** One field that differs between an audit entry's before and after, both shown as short text. */
export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

const MAX = 120;
/** Bookkeeping fields that change on every write and say nothing about what a person changed. */
const NOISE = new Set(['updatedAt', '__v', '_id']);

function show(v: unknown): string {
  if (v === undefined) return '(none)';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > MAX ? `${s.slice(0, MAX - 1)}…` : s;
}

const record = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** The top-level fields whose value differs (a create shows every field as new, a delete every field as gone). */
export function changedFields(before: unknown, after: unknown): FieldChange[] {
  const b = record(before);
  const a = record(after);
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((f) => !NOISE.has(f));
  return fields
    .filter((f) => JSON.stringify(b[f]) !== JSON.stringify(a[f]))
    .map((f) => ({ field: f, before: show(b[f]), after: show(a[f]) }));
}
