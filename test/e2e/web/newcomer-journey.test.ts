import type { Browser, Page } from 'playwright-core';
import { createNightlineClient } from '../../../src/client';
import { startStack, type Stack } from '../../fixtures/stack';
import { aPhone } from '../../fixtures/builders';
import { capture, ensureWebConsoleBuilt, launchChromium, openConsole, VIEWPORTS, type ViewportName } from '../../fixtures/browser';

/**
 * A newcomer's first half hour, in the browser only (plus one PagerDuty event posted through the typed client), against the real
 * service: sign in, three people, a weekly schedule, an override drawn on the calendar, a policy and a service,
 * an event to the copied URL, the alert arriving live, the dev phone answering with 1, and the alert acknowledged.
 */

jest.setTimeout(300_000);

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  await ensureWebConsoleBuilt();
  stack = await startStack();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Picks `option` in a Mantine Select (or MultiSelect, whose list then stays open until Escape). */
async function pick(page: Page, label: string, option: string, scope = page.locator('body'), multi = false) {
  await scope.getByRole('combobox', { name: label }).or(scope.getByLabel(label, { exact: true })).first().click();
  await page.getByRole('option', { name: option }).first().click();
  if (multi) await page.keyboard.press('Escape');
}

/** Drags over [fromHour, toHour) of `day` on a FullCalendar time grid, as a person selecting a range would. */
async function dragRange(page: Page, day: string, fromTime: string, toTime: string) {
  const col = page.locator(`.fc-timegrid-col[data-date="${day}"]`);
  // The calendar is taller than the screen: bring the range into view, or the pointer would leave the page.
  await page.locator(`.fc-timegrid-slot-lane[data-time="${fromTime}"]`).evaluate((el) => el.scrollIntoView({ block: 'center' }));
  const colBox = await col.boundingBox();
  const from = await page.locator(`.fc-timegrid-slot-lane[data-time="${fromTime}"]`).boundingBox();
  const to = await page.locator(`.fc-timegrid-slot-lane[data-time="${toTime}"]`).boundingBox();
  if (!colBox || !from || !to) throw new Error(`no calendar cell for ${day} ${fromTime}..${toTime}`);
  const x = colBox.x + colBox.width / 2;
  await page.mouse.move(x, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(x, (from.y + to.y) / 2, { steps: 5 });
  await page.mouse.move(x, to.y + to.height / 2, { steps: 5 });
  await page.mouse.up();
}

describe.each(Object.keys(VIEWPORTS) as ViewportName[])('on a %s screen', (viewport) => {
  test('a newcomer sets up a rotation and lives a page from event to acknowledgement in the browser', async () => {
    const { context, page } = await openConsole(browser, stack.url, viewport);
    const tag = viewport === 'phone' ? 'P' : 'D';
    const names = [`Ada ${tag}`, `Grace ${tag}`, `Linus ${tag}`];
    try {
      // Log in.
      await page.goto('/');
      await page.getByRole('button', { name: 'Use a token instead' }).click();
      await page.getByLabel('Admin token').fill(stack.config.ADMIN_API_TOKEN);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'On call now' }).waitFor();

      // Three people.
      await page.goto('/people');
      const personForm = page.getByRole('form', { name: 'Add a person' });
      for (const name of names) {
        await personForm.getByLabel('Name').fill(name);
        await personForm.getByRole('textbox', { name: 'Email' }).fill(`${name.replace(' ', '.').toLowerCase()}@example.test`);
        await personForm.getByLabel('Phone (E.164)').fill(aPhone());
        await personForm.getByRole('button', { name: 'Add person' }).click();
        await page.getByRole('cell', { name, exact: true }).waitFor();
      }

      // A weekly schedule with all three, seen on the calendar.
      await page.goto('/schedules');
      const scheduleForm = page.getByRole('form', { name: 'Create a schedule' });
      await scheduleForm.getByLabel('Schedule name').fill(`Primary ${tag}`);
      for (const name of names) await pick(page, 'Add to Layer 1 members, in rotation order', name, scheduleForm);
      await scheduleForm.getByRole('button', { name: 'Create schedule' }).click();
      await page.getByRole('heading', { name: `Primary ${tag}` }).waitFor();
      const calendar = page.locator('[data-testid=schedule-calendar][data-loaded=yes]');
      await calendar.waitFor();
      const onCall = (await page.getByTestId('schedule-on-call').textContent()) ?? '';
      expect(names).toContain(onCall);
      await calendar.locator('.nl-rotation').filter({ hasText: onCall }).first().waitFor();

      // Select a range tomorrow and hand it to the third person: the lane shows an override.
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      if ((await page.locator(`.fc-timegrid-col[data-date="${tomorrow}"]`).count()) === 0) await page.getByRole('button', { name: /next/i }).click();
      await dragRange(page, tomorrow, '10:00:00', '11:00:00');
      const modal = page.getByRole('dialog', { name: 'Cover this time (override)' });
      await pick(page, 'Who covers', names[2]!, modal);
      await modal.getByRole('button', { name: 'Create override' }).click();
      await calendar.locator('.nl-override').filter({ hasText: `Override: ${names[2]}` }).first().waitFor();
      await capture(page, 'journey-override', viewport);

      // A policy paging the schedule, and a service whose Events API URL is copied.
      await page.goto('/escalation-policies');
      const policyForm = page.getByRole('form', { name: 'Add an escalation policy' });
      await policyForm.getByLabel('Policy name').fill(`Page primary ${tag}`);
      await pick(page, 'Level 1: who is paged', `Primary ${tag}`, policyForm, true);
      await policyForm.getByRole('button', { name: 'Create policy' }).click();
      await page.getByRole('heading', { name: `Page primary ${tag}` }).waitFor();

      await page.goto('/services');
      const serviceForm = page.getByRole('form', { name: 'Add a service' });
      await serviceForm.getByLabel('Service name').fill(`Shop ${tag}`);
      await pick(page, 'Escalation policy', `Page primary ${tag}`, serviceForm);
      await serviceForm.getByRole('button', { name: 'Add service' }).click();
      const card = page.getByRole('region', { name: `Service Shop ${tag}` });
      await card.waitFor();
      await card.getByRole('button', { name: `Copy Events API URL of Shop ${tag}` }).click();
      const eventsUrl = await page.evaluate('navigator.clipboard.readText()');
      expect(eventsUrl).toBe(`${stack.url}/v2/enqueue`);
      const routingKey = (await card.getByTestId('routing-key').textContent()) ?? '';

      // The on-call person's dev phone will answer and press 1.
      await page.goto('/dev-phone');
      const phoneCard = page.getByRole('region', { name: `Phone of ${onCall}` });
      await phoneCard.getByText('Answer, press 1').click();
      await phoneCard.getByRole('status').filter({ hasText: 'Ready: Answer, press 1' }).waitFor();

      // Watch the alerts list while a monitoring tool posts a PagerDuty event: it appears without a reload.
      await page.goto('/alerts');
      await page.getByRole('heading', { name: 'Alerts' }).waitFor();
      const { response } = await createNightlineClient(stack.url).POST('/v2/enqueue', {
        body: { routing_key: routingKey, event_action: 'trigger', payload: { summary: `Cart errors ${tag}`, source: 'shop', severity: 'critical' } },
      });
      expect(response.status).toBe(202);
      await page.getByRole('link', { name: `Cart errors ${tag}` }).waitFor({ timeout: 30_000 });
      await capture(page, 'journey-alert-arrived', viewport);

      // The phone rang, was answered with 1: the alert page shows it acknowledged, with its timeline.
      await page.getByRole('link', { name: `Cart errors ${tag}` }).click();
      await page.getByText('acknowledged', { exact: true }).first().waitFor({ timeout: 60_000 });
      const timeline = page.getByLabel('Timeline');
      await expect(timeline.textContent()).resolves.toMatch(/acknowledged/i);
      await page.getByRole('table', { name: 'Notification attempts' }).getByText('phone_call').first().waitFor();
      await capture(page, 'journey-acknowledged', viewport);

      await page.goto('/dev-phone');
      await page.getByRole('region', { name: `Phone of ${onCall}` }).getByText(/completed \(human\)/).first().waitFor();
    } finally {
      await context.close();
    }
  });
});
