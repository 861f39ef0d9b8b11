import { MAX_IMPORT_DATES, MAX_RECURRING_EVENTS, parseIcsHolidays } from '../../src/domain/holiday-ics';
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
    const text = ics(
      event('DTSTART;VALUE=DATE:20261224', 'DTEND;VALUE=DATE:20261227', 'SUMMARY:Winter break'),
    );
    expect(parseIcsHolidays(text).map((h) => h.date)).toEqual(['2026-12-24', '2026-12-25', '2026-12-26']);
  });

  test('an all-day DURATION in whole days spreads the holiday like DTEND, and a part-day one is refused', () => {
    const text = ics(
      event('DTSTART;VALUE=DATE:20261224', 'DURATION:P3D', 'SUMMARY:Winter break'),
      event('DTSTART;VALUE=DATE:20260601', 'DURATION:P1W', 'SUMMARY:Shutdown week'),
    );
    expect(parseIcsHolidays(text).map((h) => h.date)).toEqual([
      ...['2026-06-01', '2026-06-02', '2026-06-03', '2026-06-04', '2026-06-05', '2026-06-06', '2026-06-07'],
      ...['2026-12-24', '2026-12-25', '2026-12-26'],
    ]);
    expect(() =>
      parseIcsHolidays(ics(event('DTSTART;VALUE=DATE:20261224', 'DURATION:PT12H', 'SUMMARY:Half day'))),
    ).toThrow(/DURATION "PT12H" must be whole days/);
  });

  test(`an import giving more than ${MAX_IMPORT_DATES} dates, or holding more than ${MAX_RECURRING_EVENTS} recurring events, is refused whole`, () => {
    const daily = ics(
      event('DTSTART;VALUE=DATE:20200101', 'RRULE:FREQ=DAILY;COUNT=999', 'SUMMARY:Every day'),
    );
    const many = ics(
      ...Array.from({ length: 6 }, (_, i) =>
        event(
          `UID:${i}`,
          'DTSTART;VALUE=DATE:20200101',
          'RRULE:FREQ=DAILY;COUNT=999',
          `SUMMARY:Every day ${i}`,
        ),
      ),
    );
    expect(parseIcsHolidays(daily, { through: '2030-12-31' })).toHaveLength(999);
    expect(() => parseIcsHolidays(many, { through: '2030-12-31' })).toThrow(
      /gives 5994 holiday dates; at most 5000/,
    );
    const yearly = ics(
      ...Array.from({ length: MAX_RECURRING_EVENTS + 1 }, (_, i) =>
        event(`UID:${i}`, 'DTSTART;VALUE=DATE:20260101', 'RRULE:FREQ=YEARLY', `SUMMARY:H${i}`),
      ),
    );
    expect(() => parseIcsHolidays(yearly, { through: '2027-12-31' })).toThrow(
      new RegExp(`${MAX_RECURRING_EVENTS + 1} recurring events`),
    );
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

describe('recurring holidays in an .ics import', () => {
  const dates = (text: string, opts: { timezone?: string; through?: string } = {}) =>
    parseIcsHolidays(text, { through: '2028-12-31', ...opts }).map((h) => h.date);
  const errorOf = (fn: () => unknown): unknown => {
    try {
      fn();
    } catch (err) {
      return err;
    }
    throw new Error('expected an error');
  };

  test('a yearly fixed-date holiday repeats every year up to the through date, and no further', () => {
    const text = ics(event('DTSTART;VALUE=DATE:20261225', 'RRULE:FREQ=YEARLY', 'SUMMARY:Christmas Day'));
    expect(parseIcsHolidays(text, { through: '2029-06-30' })).toEqual([
      { date: '2026-12-25', name: 'Christmas Day' },
      { date: '2027-12-25', name: 'Christmas Day' },
      { date: '2028-12-25', name: 'Christmas Day' },
    ]);
  });

  test('US Thanksgiving (4th Thursday of November) falls on 26, 25 and 23 November in 2026-2028', () => {
    const text = ics(
      event('DTSTART;VALUE=DATE:20261126', 'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=4TH', 'SUMMARY:Thanksgiving'),
    );
    expect(dates(text)).toEqual(['2026-11-26', '2027-11-25', '2028-11-23']);
  });

  test('Memorial Day (last Monday of May) is the last Monday also in a May with five Mondays', () => {
    const text = ics(
      event('DTSTART;VALUE=DATE:20260525', 'RRULE:FREQ=YEARLY;BYMONTH=5;BYDAY=-1MO', 'SUMMARY:Memorial Day'),
    );
    expect(dates(text)).toEqual(['2026-05-25', '2027-05-31', '2028-05-29']);
  });

  // Examples from RFC 5545 section 3.8.5.3, as all-day events.
  test.each([
    ['19970905', 'FREQ=MONTHLY;COUNT=4;BYDAY=1FR', ['1997-09-05', '1997-10-03', '1997-11-07', '1997-12-05']],
    [
      '19970805',
      'FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU',
      ['1997-08-05', '1997-08-17', '1997-08-19', '1997-08-31'],
    ],
    [
      '19970904',
      'FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3',
      ['1997-09-04', '1997-10-07', '1997-11-06'],
    ],
    ['19970928', 'FREQ=MONTHLY;BYMONTHDAY=-3;COUNT=3', ['1997-09-28', '1997-10-29', '1997-11-28']],
    ['19980213', 'FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13;COUNT=3', ['1998-02-13', '1998-03-13', '1998-11-13']],
    [
      '19961105',
      'FREQ=YEARLY;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8;COUNT=3',
      ['1996-11-05', '1997-11-04', '1998-11-03'],
    ],
    ['19970519', 'FREQ=YEARLY;BYDAY=20MO;COUNT=3', ['1997-05-19', '1998-05-18', '1999-05-17']],
  ])('from %s, RRULE:%s gives the dates the RFC lists', (start, rule, expected) => {
    const text = ics(event(`DTSTART;VALUE=DATE:${start}`, `RRULE:${rule}`, 'SUMMARY:Example'));
    expect(dates(text, { through: '2000-12-31' })).toEqual(expected);
  });

  test('COUNT ends a rule before the through date, counting DTSTART as the first', () => {
    const text = ics(event('DTSTART;VALUE=DATE:20260101', 'RRULE:FREQ=YEARLY;COUNT=2', 'SUMMARY:New Year'));
    expect(dates(text)).toEqual(['2026-01-01', '2027-01-01']);
  });

  test('UNTIL ends a rule, its own day included, whether a date or a UTC date-time', () => {
    const byDate = ics(
      event('DTSTART;VALUE=DATE:20260704', 'RRULE:FREQ=YEARLY;UNTIL=20270704', 'SUMMARY:Independence Day'),
    );
    expect(dates(byDate)).toEqual(['2026-07-04', '2027-07-04']);
    // Midnight in Paris, written as UTC the evening before.
    const byUtc = ics(
      event(
        'DTSTART;TZID=Europe/Paris:20260714T000000',
        'RRULE:FREQ=YEARLY;UNTIL=20270713T220000Z',
        'SUMMARY:Bastille Day',
      ),
    );
    expect(dates(byUtc, { timezone: 'Europe/Paris' })).toEqual(['2026-07-14', '2027-07-14']);
  });

  test('EXDATE removes occurrences and RDATE adds dates, on one or several lines', () => {
    const text = ics(
      event(
        'DTSTART;VALUE=DATE:20261225',
        'RRULE:FREQ=YEARLY',
        'EXDATE;VALUE=DATE:20271225',
        'EXDATE;VALUE=DATE:20281225,20291225',
        'RDATE;VALUE=DATE:20270102',
        'SUMMARY:Christmas',
      ),
    );
    expect(dates(text, { through: '2029-12-31' })).toEqual(['2026-12-25', '2027-01-02']);
  });

  test('a recurring multi-day event covers each day of every occurrence', () => {
    const text = ics(
      event(
        'DTSTART;VALUE=DATE:20261224',
        'DTEND;VALUE=DATE:20261227',
        'RRULE:FREQ=YEARLY',
        'SUMMARY:Winter break',
      ),
    );
    expect(dates(text, { through: '2027-12-31' })).toEqual([
      '2026-12-24',
      '2026-12-25',
      '2026-12-26',
      '2027-12-24',
      '2027-12-25',
      '2027-12-26',
    ]);
  });

  test('a recurring UTC date-time gives the date in the schedule zone every year', () => {
    // 03:00 UTC on Thanksgiving is Wednesday evening in Chicago.
    const text = ics(
      event('DTSTART:20261126T030000Z', 'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=4TH', 'SUMMARY:Thanksgiving eve'),
    );
    expect(dates(text, { timezone: 'America/Chicago' })).toEqual(['2026-11-25', '2027-11-24', '2028-11-22']);
  });

  test('a 29 February holiday falls only in leap years, never on 1 March', () => {
    const text = ics(event('DTSTART;VALUE=DATE:20240229', 'RRULE:FREQ=YEARLY', 'SUMMARY:Leap day'));
    expect(dates(text)).toEqual(['2024-02-29', '2028-02-29']);
  });

  test('a moved or cancelled single occurrence (RECURRENCE-ID) replaces the one the rule gives', () => {
    const text = ics(
      event('UID:xmas', 'DTSTART;VALUE=DATE:20261225', 'RRULE:FREQ=YEARLY', 'SUMMARY:Christmas'),
      event(
        'UID:xmas',
        'RECURRENCE-ID;VALUE=DATE:20271225',
        'DTSTART;VALUE=DATE:20271224',
        'SUMMARY:Christmas',
      ),
      event(
        'UID:xmas',
        'RECURRENCE-ID;VALUE=DATE:20281225',
        'DTSTART;VALUE=DATE:20281225',
        'STATUS:CANCELLED',
        'SUMMARY:Christmas',
      ),
    );
    expect(dates(text)).toEqual(['2026-12-25', '2027-12-24']);
  });

  test('a cancelled recurring event gives no dates at all', () => {
    const text = ics(
      event('DTSTART;VALUE=DATE:20261225', 'RRULE:FREQ=YEARLY', 'STATUS:CANCELLED', 'SUMMARY:Off'),
    );
    expect(dates(text)).toEqual([]);
  });

  test('rules that can never match end at the through date instead of running forever', () => {
    const text = ics(
      // 2026-01-06 is a Tuesday: every 7th day is a Tuesday, never a Monday.
      event('DTSTART;VALUE=DATE:20260106', 'RRULE:FREQ=DAILY;INTERVAL=7;BYDAY=MO', 'SUMMARY:Never a Monday'),
      event('DTSTART;VALUE=DATE:20260101', 'RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30', 'SUMMARY:30 February'),
    );
    expect(dates(text, { through: '2036-12-31' })).toEqual(['2026-01-01', '2026-01-06']);
  });

  test('a rule giving more than 1000 dates is refused, naming the event', () => {
    const text = ics(event('DTSTART;VALUE=DATE:20200101', 'RRULE:FREQ=DAILY', 'SUMMARY:Every day'));
    expect(errorOf(() => dates(text))).toMatchObject({
      code: 'invalid_ics',
      message: expect.stringMatching(
        /^VEVENT at line 4 \("Every day"\): bad RRULE "FREQ=DAILY": repeats more than 1000 times up to 2028-12-31$/,
      ),
    });
  });

  test('an endless rule needs a through date', () => {
    const text = ics(event('DTSTART;VALUE=DATE:20261225', 'RRULE:FREQ=YEARLY', 'SUMMARY:Christmas'));
    expect(() => parseIcsHolidays(text)).toThrow(/"Christmas"\): bad RRULE "FREQ=YEARLY": it has no UNTIL/);
  });

  test.each([
    ['FREQ=FOO', /unknown FREQ "FOO"/],
    ['garbage', /"garbage" is not NAME=VALUE/],
    ['BYMONTH=11', /FREQ is missing/],
    ['FREQ=YEARLY;BYDAY=4XX', /BYDAY value "4XX"/],
    ['FREQ=YEARLY;BYMONTH=13', /BYMONTH value "13" must be an integer from 1 to 12/],
    ['FREQ=YEARLY;COUNT=0', /COUNT value "0"/],
    ['FREQ=HOURLY', /FREQ=HOURLY repeats within a day/],
    ['FREQ=WEEKLY;BYDAY=2MO', /BYDAY with a number/],
    ['FREQ=YEARLY;UNTIL=tomorrow', /UNTIL value "tomorrow"/],
    ['FREQ=YEARLY;UNTIL=20270230', /UNTIL value "20270230"/],
  ])('a bad RRULE %s is an invalid_ics error naming the event', (rule, reason) => {
    const err = errorOf(() =>
      dates(ics(event('UID:1', 'DTSTART;VALUE=DATE:20260101', `RRULE:${rule}`, 'SUMMARY:Bad rule'))),
    );
    expect(err).toBeInstanceOf(ScheduleError);
    expect(err).toMatchObject({ code: 'invalid_ics', message: expect.stringMatching(/^VEVENT at line 4/) });
    expect((err as Error).message).toMatch(reason);
  });
});
