import { parseIcsHolidays } from '../../src/domain/holiday-ics';
import { ScheduleError } from '../../src/domain/schedule-errors';

const ics = (...events: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...events, 'END:VCALENDAR'].join('\r\n');
const event = (...lines: string[]) => ['BEGIN:VEVENT', ...lines, 'END:VEVENT'].join('\r\n');

describe('importing holidays from .ics', () => {
  test('all-day events give their date and summary, sorted by date', () => {
    const text = ics(
      event('UID:2', 'DTSTART;VALUE=DATE:20261225', 'DTEND;VALUE=DATE:20261226', 'SUMMARY:Christmas Day'),
      event('UID:1', 'DTSTART;VALUE=DATE:20260101', 'SUMMARY:New Year\\, again'),
    );
    expect(parseIcsHolidays(text)).toEqual([
      { date: '2026-01-01', name: 'New Year, again' },
      { date: '2026-12-25', name: 'Christmas Day' },
    ]);
  });

  test('a multi-day all-day event covers each day up to its exclusive end', () => {
    const text = ics(event('DTSTART;VALUE=DATE:20261224', 'DTEND;VALUE=DATE:20261227', 'SUMMARY:Winter break'));
    expect(parseIcsHolidays(text).map((h) => h.date)).toEqual(['2026-12-24', '2026-12-25', '2026-12-26']);
  });

  test('date-time starts use their written date, and UTC ones the date in the schedule zone', () => {
    const text = ics(
      event('DTSTART;TZID=Europe/Paris:20260714T000000', 'SUMMARY:Bastille Day'),
      event('DTSTART:20261126T030000Z', 'SUMMARY:Thanksgiving'),
    );
    expect(parseIcsHolidays(text, { timezone: 'America/Chicago' })).toEqual([
      { date: '2026-07-14', name: 'Bastille Day' },
      { date: '2026-11-25', name: 'Thanksgiving' },
    ]);
  });

  test('folded lines are unfolded and cancelled events are skipped', () => {
    const text = ics(
      event('DTSTART;VALUE=DATE:20260525', 'SUMMARY:Memorial', '  Day'),
      event('DTSTART;VALUE=DATE:20260526', 'STATUS:CANCELLED', 'SUMMARY:Not a holiday'),
    );
    expect(parseIcsHolidays(text)).toEqual([{ date: '2026-05-25', name: 'Memorial Day' }]);
  });

  test.each([
    [event('SUMMARY:No start'), /missing DTSTART/],
    [event('DTSTART;VALUE=DATE:20260230', 'SUMMARY:Bad'), /bad date "20260230"/],
  ])('a broken event is refused with its line: %#', (body, message) => {
    expect(() => parseIcsHolidays(ics(body))).toThrow(ScheduleError);
    expect(() => parseIcsHolidays(ics(body))).toThrow(message);
  });
});
