import { createSmsPageCodeRepository } from '../../src/db/sms-page-code.repository';
import { smsPageCodeModel } from '../../src/db/sms-page-code.model';
import { buildTestApp, type TestApp } from '../fixtures/app';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('SMS reply codes', () => {
  it("a person's code for an alert is the same on every page of it; the next alert gets the next code, and a repeat page is marked", async () => {
    const repo = createSmsPageCodeRepository(t.conn);
    const first = await repo.codeFor('u-codes', 'alert-1', new Date('2026-12-01T10:00:00Z'));
    const second = await repo.codeFor('u-codes', 'alert-2', new Date('2026-12-01T10:01:00Z'));
    expect(second).toBe(first + 1);
    expect(await repo.codeFor('u-codes', 'alert-1', new Date('2026-12-01T10:05:00Z'))).toBe(first);
    expect(await repo.codeFor('u-other', 'alert-1')).toBe(1); // codes count per person
    const doc = await smsPageCodeModel(t.conn).findOne({ userId: 'u-codes', alertId: 'alert-1' }).lean();
    expect(doc?.lastPagedAt?.toISOString()).toBe('2026-12-01T10:05:00.000Z');
    expect(await repo.alertFor('u-codes', second)).toBe('alert-2');
  });

  it('pages of one alert to one person that race each other all get one code', async () => {
    const repo = createSmsPageCodeRepository(t.conn);
    const codes = await Promise.all(Array.from({ length: 5 }, () => repo.codeFor('u-race', 'alert-9')));
    expect(new Set(codes).size).toBe(1);
    expect(await repo.codeOf('u-race', 'alert-9')).toBe(codes[0]);
  });
});
