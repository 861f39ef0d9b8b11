import { formatLocalDate, isLocalDate, parseLocalDate } from '../../src/domain/wall-clock';

describe('local dates', () => {
  it('when a date the API accepts is in the years 0000-0099, the schedule code reads that year (not 19xx)', () => {
    for (const d of ['0000-05-02', '0042-12-31', '2026-03-29', '9999-12-31']) {
      expect(isLocalDate(d)).toBe(true);
      expect(formatLocalDate(parseLocalDate(d))).toBe(d);
    }
  });

  it('when a date does not exist, it is refused with the field named', () => {
    expect(() => parseLocalDate('2026-02-30', 'holidays[0].date')).toThrow('holidays[0].date must be YYYY-MM-DD, got "2026-02-30"');
  });
});
