import type { Browser, Page } from 'playwright-core';
import { startStack, type Stack, type StackUser } from '../../fixtures/stack';
import { capture, ensureWebConsoleBuilt, launchChromium, openConsole, seriousA11yViolations, VIEWPORTS, type ViewportName } from '../../fixtures/browser';

/**
 * The schedule page against the real service: lanes for the final schedule and each layer, every kind of
 * stretch told apart without colour, a DST week in Chicago (spring and autumn), "Swap with…", holiday upload,
 * the gap banner, and the phone layout. Both viewports, axe-scanned, captured.
 */

jest.setTimeout(300_000);

let stack: Stack;
let browser: Browser;
let ada: StackUser, grace: StackUser, linus: StackUser;
let layered: { id: string };
let chicago: { id: string };

beforeAll(async () => {
  await ensureWebConsoleBuilt();
  stack = await startStack();
  browser = await launchChromium();
  [ada, grace, linus] = [await stack.aUser('Ada Lovelace'), await stack.aUser('Grace Hopper'), await stack.aUser('Linus Pauling')];
  // Days: Ada and Grace weekly (Monday 09:00 UTC; Ada has the week of 21 December). Nights: Linus, 18:00–09:00 only.
  layered = await stack.aSchedule([ada.id, grace.id], {
    name: 'Layered desk',
    timezone: 'UTC',
    startDate: '2026-01-05',
    layers: [{ name: 'Nights', rotationType: 'daily', handoffTime: '18:00', startDate: '2026-01-01', members: [{ userId: linus.id }], restrictions: [{ start: '18:00', end: '09:00' }] }],
  });
  const sid = layered.id;
  expect((await stack.api.post(`/schedules/${sid}/overrides`, { userId: linus.id, startsAt: '2026-12-22T10:00:00Z', endsAt: '2026-12-22T12:00:00Z' })).status).toBe(201);
  expect((await stack.api.post(`/schedules/${sid}/time-off`, { userId: ada.id, startsAt: '2026-12-23T00:00:00Z', endsAt: '2026-12-24T00:00:00Z' })).status).toBe(201);
  expect((await stack.api.post(`/schedules/${sid}/holidays`, { date: '2026-12-25', name: 'Christmas Day' })).status).toBe(201);
  // Ada's Thursday daytime for Grace's next Tuesday daytime.
  expect((await stack.api.post(`/schedules/${sid}/swaps`, { shiftA: { start: '2026-12-24T12:00:00Z' }, shiftB: { start: '2026-12-29T12:00:00Z' } })).status).toBe(201);
  // A daily 02:30 handoff in Chicago: on 8 March 2026 02:30 does not exist (clocks jump from 02:00 to 03:00).
  chicago = await stack.aSchedule([ada.id, grace.id], {
    name: 'Chicago nights',
    timezone: 'America/Chicago',
    rotationType: 'daily',
    handoffTime: '02:30',
    startDate: '2026-03-01',
  });
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const calendarLoaded = (page: Page) => page.locator('[data-testid=schedule-calendar][data-loaded=yes]').waitFor();
const lane = (page: Page, key: string) => page.locator(`.nl-lane[data-lane="${key}"]`);
/** The page itself never scrolls sideways (a wide lanes timeline scrolls inside its own region). */
const pageScrollsSideways = (page: Page) => page.evaluate<boolean>('document.documentElement.scrollWidth > window.innerWidth');

describe.each(Object.keys(VIEWPORTS) as ViewportName[])('on a %s screen', (viewport) => {
  test('the final schedule and each layer have their own lane, and overrides, swaps, time off, holidays and gaps each look and read differently', async () => {
    const { context, page, pageErrors } = await openConsole(browser, stack.url, viewport, { token: stack.config.ADMIN_API_TOKEN });
    try {
      await page.goto(`/schedules/${layered.id}?date=2026-12-22`);
      await calendarLoaded(page);
      await expect(page.locator('.nl-lane-name').allTextContents()).resolves.toEqual(['Final schedule (who is paged)', 'Layer 1 (base)', 'Layer 2: Nights', 'Time off']);
      const final = lane(page, 'final');
      await final.locator('.nl-override').filter({ hasText: '✎ Override: Linus Pauling' }).first().waitFor();
      await final.locator('.nl-cover').filter({ hasText: '☂ Cover: Grace Hopper for Ada Lovelace (time off)' }).first().waitFor();
      await lane(page, 'time-off').locator('.nl-away').filter({ hasText: '✈ Away: Ada Lovelace' }).waitFor();
      // The layer lanes are the rotations alone: Ada's week with no override, Linus only at night.
      await expect(lane(page, 'layer-0').locator('.nl-block').filter({ hasText: 'Override' }).count()).resolves.toBe(0);
      await lane(page, 'layer-1').locator('.nl-block').filter({ hasText: 'Linus Pauling' }).first().waitFor();
      await lane(page, 'layer-1').locator('.nl-off').filter({ hasText: 'off (outside this layer’s hours)' }).first().waitFor();
      if (viewport === 'desktop') {
        await final.locator('.nl-swap').filter({ hasText: '⇄ Swap: Grace Hopper' }).first().waitFor();
        await final.locator('.nl-block').filter({ hasText: '★ Christmas Day' }).first().waitFor();
      }
      // Not by colour alone: each kind has its own border style or pattern as well as its word.
      const styles = await page.evaluate<string[]>(
        "[...document.querySelectorAll('.nl-legend li')].map((li) => getComputedStyle(li).borderStyle + '|' + getComputedStyle(li).backgroundImage.slice(0, 60))",
      );
      expect(new Set(styles).size).toBe(styles.length);
      // Hover: the viewer's zone, then the schedule's.
      await expect(final.locator('.nl-block').first().getAttribute('title')).resolves.toMatch(/\(your zone, UTC\)\n.+\(schedule zone, UTC\)/);
      await capture(page, 'schedule-lanes', viewport);
      expect(await seriousA11yViolations(page)).toEqual([]);
      expect(await pageScrollsSideways(page)).toBe(false);
      if (viewport === 'phone') {
        // The calendar title has a row of its own, above the buttons, instead of wrapping between them.
        const title = await page.locator('.fc-toolbar-title').boundingBox();
        const prev = await page.getByRole('button', { name: '‹ Previous' }).boundingBox();
        expect(title && prev && title.y + title.height <= prev.y + 1).toBe(true);
      }
    } finally {
      await context.close();
    }
    expect(pageErrors).toEqual([]);
  });

  test.each([
    ['spring', '2026-03-08', 23, '23-hour day: clocks go forward'],
    ['autumn', '2026-11-01', 25, '25-hour day: clocks go back'],
  ])('in the %s DST week in Chicago, the %s day is drawn %d hours long and marked', async (season, day, hours, note) => {
    const { context, page } = await openConsole(browser, stack.url, viewport, { token: stack.config.ADMIN_API_TOKEN, timezoneId: 'America/Chicago' });
    try {
      await page.goto(`/schedules/${chicago.id}?date=${day}`);
      await calendarLoaded(page);
      const cell = page.locator(`.nl-day[data-date="${day}"]`);
      await expect(cell.getAttribute('data-hours')).resolves.toBe(String(hours));
      await expect(cell.textContent()).resolves.toContain(note);
      // Real-time axis: the DST day's width against the next day's is hours/24.
      const next = await page.locator('.nl-day').nth(1).boundingBox();
      const first = await cell.boundingBox();
      expect(first!.width / next!.width).toBeCloseTo(hours / 24, 1);
      // The time grid's day header says it too.
      await page.locator('.fc-col-header-cell').filter({ hasText: note }).waitFor();
      if (season === 'spring') {
        // 02:30 does not exist that night: the handoff shows where it really starts, 03:00 CDT, in both views.
        await lane(page, 'final').getByText('starts 3:00 AM CDT: 02:30 does not exist on Mar 8 (clocks go forward)').waitFor();
        const col = page.locator(`.fc-timegrid-col[data-date="${day}"]`);
        const starts = await col.locator('.fc-timegrid-event.fc-event-start').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top));
        const three = await page.locator('.fc-timegrid-slot-lane[data-time="03:00:00"]').boundingBox();
        expect(starts.some((top) => Math.abs(top - three!.y) <= 3)).toBe(true);
      }
      await capture(page, `schedule-dst-${season}`, viewport);
      expect(await seriousA11yViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('"Swap with…" on a shift swaps it in one step, and a second swap of the same shift is refused in words', async () => {
    const sched = await stack.aSchedule([ada.id, grace.id], { name: `Swap desk ${viewport}`, timezone: 'UTC', rotationType: 'daily', handoffTime: '09:00', startDate: '2026-11-01' });
    const { context, page } = await openConsole(browser, stack.url, viewport, { token: stack.config.ADMIN_API_TOKEN });
    try {
      await page.goto(`/schedules/${sched.id}?date=2026-12-08`);
      await calendarLoaded(page);
      const final = lane(page, 'final');
      await final.getByRole('button', { name: 'Ada Lovelace', exact: true }).last().click();
      const dialog = page.getByRole('dialog', { name: 'Shift of Ada Lovelace' });
      await dialog.getByLabel('Swap with…', { exact: true }).first().click();
      await page.getByRole('option', { name: /^Grace Hopper: / }).first().click();
      await dialog.getByRole('button', { name: 'Swap shifts' }).click();
      await dialog.waitFor({ state: 'detached' });
      await final.locator('.nl-swap').filter({ hasText: '⇄ Swap: Grace Hopper' }).first().waitFor();
      const swaps = await stack.api.get(`/schedules/${sched.id}/overrides?from=2026-12-01T00:00:00Z&to=2027-01-15T00:00:00Z`);
      expect(swaps.body.data).toHaveLength(2);
      expect(new Set(swaps.body.data.map((o: { swapId: string }) => o.swapId)).size).toBe(1);
      await capture(page, 'schedule-swapped', viewport);

      // The half now held by Grace is already part of a swap: the API says 409, the page says why.
      await final.getByRole('button', { name: '⇄ Swap: Grace Hopper' }).first().click();
      const again = page.getByRole('dialog', { name: 'Shift of Grace Hopper' });
      await again.getByLabel('Swap with…', { exact: true }).first().click();
      await page.getByRole('option', { name: /^Ada Lovelace: / }).first().click();
      await again.getByRole('button', { name: 'Swap shifts' }).click();
      await again.getByRole('alert').filter({ hasText: 'That conflicts with what is already there: this shift is already part of another swap' }).waitFor();
      expect(await seriousA11yViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('a holiday .ics uploaded on the page lists its holidays and marks them on the calendar; a bad file is refused in words', async () => {
    const sched = await stack.aSchedule([ada.id], { name: `Holiday desk ${viewport}`, timezone: 'UTC', startDate: '2026-01-05' });
    const { context, page } = await openConsole(browser, stack.url, viewport, { token: stack.config.ADMIN_API_TOKEN });
    try {
      await page.goto(`/schedules/${sched.id}?date=2026-12-31`);
      await calendarLoaded(page);
      const form = page.getByRole('form', { name: 'Holidays' });
      await form.locator('input[type=file]').setInputFiles({ name: 'broken.ics', mimeType: 'text/calendar', buffer: Buffer.from('this is not a calendar') });
      await form.getByRole('button', { name: 'Upload holidays' }).click();
      await form.getByRole('alert').filter({ hasText: /body: send an iCalendar file/ }).waitFor();
      const ics = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'BEGIN:VEVENT', 'UID:ny@x', 'DTSTART;VALUE=DATE:20270101', 'SUMMARY:New Year', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
      await form.locator('input[type=file]').setInputFiles({ name: 'holidays.ics', mimeType: 'text/calendar', buffer: Buffer.from(ics) });
      await form.getByRole('button', { name: 'Upload holidays' }).click();
      await form.getByRole('status').filter({ hasText: 'Imported 1 new holiday(s)' }).waitFor();
      await form.getByRole('list', { name: 'Next holidays' }).getByText('★ 2027-01-01: New Year').waitFor();
      await lane(page, 'final').locator('.nl-block').filter({ hasText: '★ New Year' }).first().waitFor();
      await capture(page, 'schedule-holidays', viewport);
    } finally {
      await context.close();
    }
  });

  test('while the calendar is still loading, a screen reader hears "Loading calendar" and the page stays axe-clean', async () => {
    const { context, page } = await openConsole(browser, stack.url, viewport, { token: stack.config.ADMIN_API_TOKEN });
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    try {
      // Hold the calendar's chunk so the page shows its spinner for as long as the test needs.
      await page.route(/\/assets\/schedule-calendar-[^/]+\.js$/, async (route) => {
        await held;
        await route.continue();
      });
      await page.goto(`/schedules/${layered.id}`);
      await page.getByRole('status', { name: 'Loading calendar' }).waitFor();
      expect(await seriousA11yViolations(page)).toEqual([]);
      release();
      await calendarLoaded(page);
      expect(await page.getByRole('status', { name: 'Loading calendar' }).count()).toBe(0);
    } finally {
      release();
      await context.close();
    }
  });

  test('a schedule that leaves its nights uncovered shows a red banner on its own page naming the hours', async () => {
    const sched = await stack.aSchedule([linus.id], { name: `Office hours ${viewport}`, timezone: 'UTC', startDate: '2026-01-05', restrictions: [{ start: '09:00', end: '17:00' }] });
    const { context, page } = await openConsole(browser, stack.url, viewport, { token: stack.config.ADMIN_API_TOKEN });
    try {
      await page.goto(`/schedules/${sched.id}`);
      const banner = page.getByTestId('schedule-gap-banner');
      await banner.waitFor();
      await expect(banner.textContent()).resolves.toMatch(/Coverage gap in the next 14 days/);
      await expect(banner.textContent()).resolves.toMatch(/Nobody on call from .+5:00 PM UTC to .+9:00 AM UTC \(16 hours\)/);
      await capture(page, 'schedule-gap-banner', viewport);
      expect(await seriousA11yViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
