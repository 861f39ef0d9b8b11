import { Types } from 'mongoose';
import { editedWindow, type WindowEdit } from '../../src/db/schedule-window';

const HOUR = 3_600_000;
const now = new Date('2026-06-01T12:00:00Z');
const at = (hours: number) => new Date(now.getTime() + hours * HOUR);
const entry = (start: number, end: number, swapId: string | null = null) => ({
  _id: new Types.ObjectId(),
  scheduleId: new Types.ObjectId(),
  startsAt: at(start),
  endsAt: at(end),
  swapId,
});

describe('editedWindow: what an edit to an override or time off may change', () => {
  it.each<[string, ReturnType<typeof entry>, WindowEdit, { startsAt: Date; endsAt: Date }]>([
    ['a future entry can move both ends', entry(2, 4), { startsAt: at(1), endsAt: at(6) }, { startsAt: at(1), endsAt: at(6) }],
    ['an entry in progress can end later', entry(-1, 1), { endsAt: at(5) }, { startsAt: at(-1), endsAt: at(5) }],
    ['an entry in progress may resend its own start', entry(-1, 1), { startsAt: at(-1) }, { startsAt: at(-1), endsAt: at(1) }],
    ['an entry starting exactly now keeps other edits', entry(0, 1), { endsAt: at(2) }, { startsAt: at(0), endsAt: at(2) }],
  ])('%s', (_what, e, edit, expected) => {
    expect(editedWindow(e, edit, now)).toEqual(expected);
  });

  it.each<[string, ReturnType<typeof entry>, WindowEdit, number, RegExp]>([
    ['an entry that ended exactly now is over', entry(-2, 0), { endsAt: at(3) }, 409, /already ended/],
    ['an entry starting exactly now is in progress', entry(0, 2), { startsAt: at(1) }, 409, /^startsAt: .*in progress/],
    ['a swap half cannot change alone', entry(2, 4, 'swap-1'), { endsAt: at(5) }, 409, /part of swap swap-1/],
    ['a new end before the start names endsAt', entry(2, 4), { endsAt: at(2) }, 400, /^endsAt: must be after startsAt/],
    ['a new start after the end names startsAt', entry(2, 4), { startsAt: at(4) }, 400, /^startsAt: must be before endsAt/],
    ['a future start cannot move into the past', entry(2, 4), { startsAt: at(-1) }, 409, /^startsAt: cannot be moved into the past/],
    ['a running entry cannot end in the past', entry(-2, 2), { endsAt: at(-1) }, 409, /^endsAt: cannot be moved to now or earlier/],
  ])('%s', (_what, e, edit, status, message) => {
    expect(() => editedWindow(e, edit, now)).toThrow(expect.objectContaining({ status, message: expect.stringMatching(message) }));
  });
});
