import type { Browser, Page } from 'playwright-core';
import { startStack, type Stack, type StackUser } from '../../fixtures/stack';
import { capture, ensureWebConsoleBuilt, launchChromium, openConsole, seriousA11yViolations, VIEWPORTS, type ViewportName } from '../../fixtures/browser';

/** Every console page against the real service (Temporal dev server, Mongo-wire, Twilio simulator), in both viewports. */

jest.setTimeout(240_000);

let stack: Stack;
let browser: Browser;
let people: StackUser[];
let weekly: { id: string; name: string };
let alertId: string;
let dst: { id: string; name: string };

beforeAll(async () => {
  await ensureWebConsoleBuilt();
  stack = await startStack();
  browser = await launchChromium();
  people = [await stack.aUser('Ada Lovelace'), await stack.aUser('Grace Hopper'), await stack.aUser('Linus Pauling')];
  weekly = await stack.aSchedule(people.map((p) => p.id), { name: 'Platform primary', timezone: 'UTC', startDate: '2026-01-05' });
  // Only business hours are covered: every night is a gap, which the home page must name.
  await stack.aSchedule([people[2]!.id], {
    name: 'Office hours desk',
    timezone: 'UTC',
    startDate: '2026-01-05',
    restrictions: [{ start: '09:00', end: '17:00' }],
  });
  dst = await stack.aSchedule([people[0]!.id, people[1]!.id], {
    name: 'New York dailies',
    timezone: 'America/New_York',
    rotationType: 'daily',
    handoffTime: '09:00',
    startDate: '2026-03-01',
  });
  const policy = await stack.aPolicy([[{ type: 'schedule', id: weekly.id }]], 30);
  await stack.api.post('/services', { name: 'Checkout API', escalationPolicyId: policy.id });
  alertId = await stack.trigger(policy.id, { title: 'Checkout latency above 2 s', severity: 'critical' });
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const PAGES: { name: string; path: () => string; ready: (p: Page) => Promise<unknown> }[] = [
  { name: 'home', path: () => '/', ready: (p) => p.getByRole('heading', { name: 'On call now' }).waitFor() },
  { name: 'schedules', path: () => '/schedules', ready: (p) => p.getByRole('link', { name: 'Platform primary' }).waitFor() },
  { name: 'schedule', path: () => `/schedules/${weekly.id}`, ready: (p) => p.locator('[data-testid=schedule-calendar][data-loaded=yes]').waitFor() },
  { name: 'alerts', path: () => '/alerts', ready: (p) => p.getByRole('link', { name: 'Checkout latency above 2 s' }).waitFor() },
  { name: 'alert', path: () => `/alerts/${alertId}`, ready: (p) => p.getByRole('heading', { name: 'Timeline' }).waitFor() },
  { name: 'escalation-policies', path: () => '/escalation-policies', ready: (p) => p.getByText('on call for Platform primary').first().waitFor() },
  { name: 'services', path: () => '/services', ready: (p) => p.getByRole('heading', { name: 'Checkout API' }).waitFor() },
  { name: 'people', path: () => '/people', ready: (p) => p.getByRole('cell', { name: 'Grace Hopper' }).waitFor() },
  { name: 'dev-phone', path: () => '/dev-phone', ready: (p) => p.getByRole('heading', { name: /Ada Lovelace/ }).waitFor() },
];

describe.each(Object.keys(VIEWPORTS) as ViewportName[])('on a %s screen', (viewport) => {
  test('the sign-in page takes the admin token and opens the home page', async () => {
    const { context, page } = await openConsole(browser, stack.url, viewport);
    try {
      await page.goto('/');
      await page.getByRole('button', { name: 'Use a token instead' }).click();
      await page.getByLabel('Admin token').fill('not-the-token-at-all');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('That token is not valid.').waitFor();
      await capture(page, 'login', viewport);
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.getByLabel('Admin token').fill(stack.config.ADMIN_API_TOKEN);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'On call now' }).waitFor();
    } finally {
      await context.close();
    }
  });

  test('every page shows its data, has no serious or critical accessibility violation, and is captured', async () => {
    const { context, page, pageErrors } = await openConsole(browser, stack.url, viewport, { token: stack.config.ADMIN_API_TOKEN });
    const violations: Record<string, string[]> = {};
    try {
      for (const p of PAGES) {
        await page.goto(p.path());
        await p.ready(page);
        await capture(page, p.name, viewport);
        const found = await seriousA11yViolations(page);
        if (found.length) violations[p.name] = found;
      }
    } finally {
      await context.close();
    }
    expect(violations).toEqual({});
    expect(pageErrors).toEqual([]);
  });

  test('when a schedule leaves nights uncovered in the next 14 days, the home page shows a red banner naming the hours', async () => {
    const { context, page } = await openConsole(browser, stack.url, viewport, { token: stack.config.ADMIN_API_TOKEN });
    try {
      await page.goto('/');
      const banner = page.getByRole('alert').filter({ hasText: 'Coverage gap in the next 14 days' });
      await banner.waitFor();
      await expect(banner.textContent()).resolves.toMatch(/Office hours desk: nobody on call from .+5:00 PM.+ to .+9:00 AM/);
      await expect(banner.textContent()).resolves.not.toContain('Platform primary');
    } finally {
      await context.close();
    }
  });

  test('when a person is added with a bad phone number and email, each error shows beside its field', async () => {
    const { context, page } = await openConsole(browser, stack.url, viewport, { token: stack.config.ADMIN_API_TOKEN });
    try {
      await page.goto('/people');
      const form = page.getByRole('form', { name: 'Add a person' });
      await form.getByLabel('Name').fill('Typo Person');
      await form.getByRole('textbox', { name: 'Email' }).fill('not-an-email');
      await form.getByLabel('Phone (E.164)').fill('555-1234');
      await form.getByRole('button', { name: 'Add person' }).click();
      await form.getByText('must be an email address').waitFor();
      // Mantine ties each error to its input (aria-describedby), so a screen reader reads it with the field.
      const phone = form.getByLabel('Phone (E.164)');
      await expect(phone.getAttribute('aria-invalid')).resolves.toBe('true');
      const describedBy = ((await phone.getAttribute('aria-describedby')) ?? '').split(' ').find((id) => id.endsWith('error'));
      expect(describedBy).toBeTruthy();
      await expect(page.locator(`[id="${describedBy}"]`).textContent()).resolves.toMatch(/E\.164|\+/);
      await expect(form.getByLabel('Name').getAttribute('aria-invalid')).resolves.not.toBe('true');
      await capture(page, 'people-form-errors', viewport);
    } finally {
      await context.close();
    }
  });
  test('in the week clocks spring forward in New York, every 09:00 handoff is drawn at 09:00 local, on the 23-hour day too', async () => {
    const { context, page } = await openConsole(browser, stack.url, viewport, { token: stack.config.ADMIN_API_TOKEN, timezoneId: 'America/New_York' });
    try {
      await page.goto(`/schedules/${dst.id}?date=2026-03-08`);
      await page.locator('[data-testid=schedule-calendar][data-loaded=yes]').waitFor();
      await page.locator('.fc-timegrid-event.fc-event-start').first().waitFor();
      // Each handoff's offset from the top of its day column; a UTC-offset slip would move some days by an hour.
      const offsets = await page.$$eval('.fc-timegrid-col[data-date]', (cols) =>
        cols.flatMap((col) =>
          [...col.querySelectorAll('.fc-timegrid-event.fc-event-start')].map((ev) => ({
            day: col.getAttribute('data-date'),
            top: Math.round(ev.getBoundingClientRect().top - col.getBoundingClientRect().top),
          })),
        ),
      );
      // The first column's shift is cut at the view's start (00:00); every other shift starts at a handoff.
      const handoffs = offsets.filter((o) => o.top > 5);
      expect(handoffs.map((o) => o.day)).toEqual(expect.arrayContaining(['2026-03-08', '2026-03-09', '2026-03-10']));
      const nine = await page.$eval('.fc-timegrid-slot-lane[data-time="09:00:00"]', (el) => el.getBoundingClientRect().top);
      const colTop = await page.$eval('.fc-timegrid-col[data-date]', (el) => el.getBoundingClientRect().top);
      for (const o of handoffs) expect(Math.abs(o.top - (nine - colTop))).toBeLessThanOrEqual(3);
      await capture(page, 'schedule-dst-week', viewport);
    } finally {
      await context.close();
    }
  });
  test('a new calendar link from the schedule page serves the schedule as iCal, and replacing it revokes the old one', async () => {
    const { context, page } = await openConsole(browser, stack.url, viewport, { token: stack.config.ADMIN_API_TOKEN });
    try {
      await page.goto(`/schedules/${weekly.id}`);
      await page.getByRole('button', { name: 'New calendar link' }).click();
      const first = await page.getByRole('link', { name: 'Download .ics' }).getAttribute('href');
      expect(first).toMatch(new RegExp(`^/api/v1/schedules/${weekly.id}/calendar\\.ics\\?token=`));
      const feed = await fetch(`${stack.url}${first}`);
      expect(feed.status).toBe(200);
      expect(await feed.text()).toContain('BEGIN:VCALENDAR');
      await page.getByRole('button', { name: /^Replace link/ }).click();
      await page.locator(`a[href*="calendar.ics"]:not([href="${first}"])`).waitFor();
      expect((await fetch(`${stack.url}${first}`)).status).toBe(401);
    } finally {
      await context.close();
    }
  });
  test('a dry run of the policy shows who would be phoned when, from the API', async () => {
    const { context, page } = await openConsole(browser, stack.url, viewport, { token: stack.config.ADMIN_API_TOKEN });
    try {
      await page.goto('/escalation-policies');
      const form = page.getByRole('form', { name: /^Dry run of / }).first();
      await form.getByRole('button', { name: 'Dry run' }).click();
      const result = page.getByRole('list', { name: /^Dry run result of / }).first();
      await result.waitFor();
      await expect(result.textContent()).resolves.toMatch(/level 1, attempt 1 of 1: (Ada Lovelace|Grace Hopper|Linus Pauling) by phone_call/);
      await capture(page, 'escalation-policy-dry-run', viewport);
      expect(await seriousA11yViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
